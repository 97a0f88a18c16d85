// How an action says it could not go on: which control it looked for, by role and name.
import type { Locator } from '@playwright/test';

/** An action of the workbench fixture that could not find a control, or was refused by the window. */
export class ActionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkbenchActionError';
  }
}

/** A control that is on screen comes within a moment of the page being ready; longer means it is not there. */
const FIND_MS = 5_000;

/** Waits for `locator` to be visible, or throws `missing` (the control, by role and name). */
export async function present(locator: Locator, missing: string, timeout = FIND_MS): Promise<void> {
  try {
    await locator.first().waitFor({ state: 'visible', timeout: Math.min(timeout, FIND_MS) });
  } catch {
    throw new ActionError(missing);
  }
}
