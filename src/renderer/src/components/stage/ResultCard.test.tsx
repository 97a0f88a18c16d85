// @vitest-environment jsdom
// The stage's result cards: BIO_sock_error's ret named as its errno, as the panel names it, and a
// step group's card: a line per step run and the group's prediction (on its second step) judged.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import { GroupResultCard, ResultCard } from './ResultCard';
import { blankRecord } from '../../../../shared/blank-record';
import type { CallRecord } from '../../../../shared/record';
import type { Step } from '../../../../shared/steps';

afterEach(cleanup);

const ran = (step: Step, index: number, fields: Partial<CallRecord>): CallRecord => ({ ...blankRecord(step, index), ...fields });

describe('result cards on the stage', () => {
  it('names BIO_sock_error’s ret as the errno it is: 111 is ECONNREFUSED', () => {
    const step: Step = { call: 'BIO_sock_error', sock: 'c' };
    const record = ran(step, 2, { ret: 111, result: { soError: { name: 'ECONNREFUSED', number: 111, message: 'Connection refused' } } });
    render(<ResultCard index={2} total={3} step={step} record={record} choice={null} running={false} />);
    const facts = within(screen.getByRole('article', { name: 'Step 3 result' })).getByRole('list', { name: 'What C returned' });
    expect(facts.textContent).toContain('ret 111 (SO_ERROR ECONNREFUSED: Connection refused)');
  });

  it('shows a group run as one: a line per step and the prediction of its second step judged', () => {
    const tcp = { call: 'BIO_socket', domain: 'AF_INET', socktype: 'SOCK_STREAM' } as const;
    const prediction = { question: 'Does it open?', choices: [{ ret: 'fd' as const, label: 'yes' }, { ret: -1, label: 'no' }], explanation: 'It does.' };
    const steps: Step[] = [{ ...tcp, as: 'a' }, { ...tcp, as: 'b', group: 'pair', caption: 'The pair.' }, { ...tcp, as: 'c', group: 'pair', prediction }];
    const records = steps.map((s, i) => (i === 0 ? null : ran(s, i, { ret: 5 + i })));
    render(<GroupResultCard first={1} last={2} total={3} steps={steps} records={records} choices={[null, null, 0]} running={false} />);
    const card = within(screen.getByRole('article', { name: 'Steps 2 to 3 result' }));
    expect(card.getByText(/^Steps 2 to 3 of 3, run back to back as one/).textContent).toContain('group pair');
    expect(card.getByRole('list', { name: 'Steps run' }).querySelectorAll('li')).toHaveLength(2);
    expect(card.getByRole('list', { name: 'Steps run' }).textContent).toContain('→ ret 7, errno not set');
    expect(card.getByRole('group', { name: 'Step 3 prediction on the stage' }).textContent).toContain('✓ The prediction held: “yes”.');
  });
});
