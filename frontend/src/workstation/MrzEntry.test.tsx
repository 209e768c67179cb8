import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import { BackendProvider, createMemoryBackend, type MemoryBackend } from '../backend';
import { checkDigit, fieldCheckDigit, firstBadField, mrzNumber } from './mrz';

function renderWith(backend: MemoryBackend) {
  return render(
    <BackendProvider backend={backend}>
      <App />
    </BackendProvider>,
  );
}

describe('MRZ check digits', () => {
  it('match ICAO 9303-11 Appendix D (L898902C<3 690806 1 940623 6)', () => {
    expect(checkDigit(mrzNumber('l898902c'))).toBe('3');
    expect(checkDigit('690806')).toBe('1');
    expect(checkDigit('940623')).toBe('6');
    expect(checkDigit('AB-1')).toBeNull();
    expect(fieldCheckDigit('birth_date', '6908')).toBeNull();
    expect(firstBadField({ document_number: 'L898902C', birth_date: '691306', expiry_date: '940623' })).toBe('birth_date');
    expect(firstBadField({ document_number: 'L898902C', birth_date: '690806', expiry_date: '940623' })).toBeNull();
  });
});

describe('MRZ entry (F5)', () => {
  it('opens with focus in the document number, shows check digits, Enter walks the fields and reads the chip', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    renderWith(backend);
    await screen.findByTestId('home');
    await backend.simPresent('chip_valid');
    await waitFor(() => expect(screen.getByTestId('device-chip_reader')).toHaveAttribute('data-state', 'needs_mrz'));

    await user.keyboard('{F5}');
    const number = await screen.findByTestId('mrz-document_number');
    await waitFor(() => expect(number).toHaveFocus());
    await user.keyboard('eh0000001{Enter}');
    expect(number).toHaveValue('EH0000001');
    expect(screen.getByTestId('mrz-document_number-check')).toHaveTextContent(checkDigit('EH0000001')!);
    await waitFor(() => expect(screen.getByTestId('mrz-birth_date')).toHaveFocus());
    await user.keyboard('900101{Enter}');
    await waitFor(() => expect(screen.getByTestId('mrz-expiry_date')).toHaveFocus());
    await user.keyboard('341231{Enter}');

    expect(await screen.findByTestId('applicant-name-display')).toHaveTextContent('韩梅梅');
    expect(screen.getByTestId('applicant-verdict')).toHaveAttribute('data-status', 'valid');
    expect(screen.getByTestId('applicant-verdict-signature')).toHaveAttribute('data-signature', 'signature_verified');
    expect(screen.getByTestId('applicant-source')).toHaveAttribute('data-source', 'chip');
    expect(screen.getByTestId('applicant-doc-type')).toHaveTextContent('护照');
    expect(screen.getByTestId('applicant-face')).toBeInTheDocument();
    expect(screen.queryByTestId('mrz-entry')).not.toBeInTheDocument();
    expect([...backend.cases.values()][0]?.applicant.source).toBe('chip');
  });

  it('names a field that cannot be right and keeps focus on it; Esc closes without closing the case', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    renderWith(backend);
    await user.click(await screen.findByTestId('new-case'));
    await screen.findByTestId('applicant-name');
    await user.keyboard('{F5}');
    await waitFor(() => expect(screen.getByTestId('mrz-document_number')).toHaveFocus());
    await user.keyboard('EH0000001{Enter}901301{Enter}');
    expect(await screen.findByTestId('mrz-bad')).toHaveTextContent('出生日期');
    expect(screen.getByTestId('mrz-birth_date')).toHaveFocus();
    expect(screen.getByTestId('mrz-birth_date')).toHaveAttribute('data-bad', 'true');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('mrz-entry')).not.toBeInTheDocument());
    expect(screen.getByTestId('applicant-name')).toBeInTheDocument();
  });

  it('a chip that refuses the MRZ shows unreadable with what to do', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    renderWith(backend);
    await screen.findByTestId('home');
    await backend.simPresent('chip_valid');
    await user.keyboard('{F5}');
    await waitFor(() => expect(screen.getByTestId('mrz-document_number')).toHaveFocus());
    await user.keyboard('EH0000001{Enter}900101{Enter}341230{Enter}');
    const failed = await screen.findByTestId('read-failed');
    expect(failed).toHaveAttribute('data-status', 'unreadable');
    expect(failed).toHaveTextContent('F5');
  });
});
