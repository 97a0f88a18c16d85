// @vitest-environment jsdom
// A prediction's form: 2 to 5 choices, each outcome a return value (a number, null or "fd") and an
// errno (a name, null or any), turned into the JSON the scenario check reads.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { PredictionEditor } from './PredictionEditor';
import { draftJson, type DraftPrediction } from '../store/lesson-draft';

afterEach(cleanup);

const start: DraftPrediction = {
  question: '',
  choices: [
    { label: '', retKind: 'number', retText: '0', errnoKind: 'any', errnoText: '' },
    { label: '', retKind: 'number', retText: '', errnoKind: 'any', errnoText: '' },
  ],
  explanation: '',
};

let latest: DraftPrediction | null = start;
function Harness() {
  const [p, setP] = useState<DraftPrediction | null>(start);
  latest = p;
  return p ? <PredictionEditor stepNumber={4} prediction={p} onChange={setP} onRemove={() => setP(null)} invalidField={null} /> : <p>removed</p>;
}

const asJson = (p: DraftPrediction) => (draftJson({ title: '', description: '', rest: {}, steps: [{ key: 0, call: { call: 'BIO_sock_error', sock: 'c' }, caption: 'x', prediction: p }] }).steps as { prediction: unknown }[])[0].prediction;

describe('PredictionEditor', () => {
  it('adds choices up to 5 and removes them down to 2', async () => {
    render(<Harness />);
    const add = screen.getByRole('button', { name: 'Add choice' });
    expect(screen.getByRole('button', { name: 'Remove choice 1' })).toHaveProperty('disabled', true);
    for (let i = 0; i < 3; i++) await userEvent.click(add);
    expect(within(screen.getByRole('list', { name: 'Step 4 choices' })).getAllByRole('listitem')).toHaveLength(5);
    expect(add).toHaveProperty('disabled', true);
    await userEvent.click(screen.getByRole('button', { name: 'Remove choice 5' }));
    expect(add).toHaveProperty('disabled', false);
    expect(latest!.choices).toHaveLength(4);
  });

  it('writes each kind of outcome as the file format has it', async () => {
    render(<Harness />);
    const [first, second] = within(screen.getByRole('list', { name: 'Step 4 choices' })).getAllByRole('listitem');
    await userEvent.selectOptions(within(first).getByRole('combobox', { name: 'errno' }), 'null');
    await userEvent.selectOptions(within(second).getByRole('combobox', { name: 'Return value' }), 'fd');
    expect(within(second).queryByRole('textbox', { name: 'Return value number' })).toBeNull();
    await userEvent.selectOptions(within(second).getByRole('combobox', { name: 'errno' }), 'name');
    await userEvent.type(within(second).getByRole('textbox', { name: 'errno name' }), 'einprogress');
    await userEvent.type(screen.getByRole('textbox', { name: 'Explanation' }), 'Why.');
    expect(asJson(latest!)).toEqual({ choices: [{ ret: 0, errno: null }, { ret: 'fd', errno: 'EINPROGRESS' }], explanation: 'Why.' });
    await userEvent.selectOptions(within(second).getByRole('combobox', { name: 'Return value' }), 'null');
    await userEvent.selectOptions(within(second).getByRole('combobox', { name: 'errno' }), 'any');
    expect(asJson(latest!)).toMatchObject({ choices: [{ ret: 0, errno: null }, { ret: null }] });
    expect((asJson(latest!) as { choices: object[] }).choices[1]).not.toHaveProperty('errno');
    await userEvent.click(screen.getByRole('button', { name: 'Remove prediction from step 4' }));
    expect(screen.getByText('removed')).toBeTruthy();
  });
});
