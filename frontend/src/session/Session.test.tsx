import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import { BackendProvider, createMemoryBackend, type MemoryBackend } from '../backend';

function renderWith(backend: MemoryBackend) {
  return render(
    <BackendProvider backend={backend}>
      <App />
    </BackendProvider>,
  );
}

describe('sign-in and the lock', () => {
  it('starts at the sign-in screen with the focus on the account; Enter moves on and signs in', async () => {
    const user = userEvent.setup();
    renderWith(createMemoryBackend({ signedOut: true }));
    const account = await screen.findByTestId('signin-account');
    await waitFor(() => expect(account).toHaveFocus());
    expect(screen.getByTestId('training-banner')).toHaveTextContent('培训');
    await user.keyboard('1024{Enter}');
    expect(screen.getByTestId('signin-secret')).toHaveFocus();
    await user.keyboard('0000{Enter}');
    expect(await screen.findByTestId('workstation')).toBeInTheDocument();
    expect(screen.getByTestId('clerk')).toHaveTextContent('培训收件员（工号 1024）');
  });

  it('says a wrong PIN plainly and empties the secret for the next try', async () => {
    const user = userEvent.setup();
    renderWith(createMemoryBackend({ signedOut: true }));
    await screen.findByTestId('signin-account');
    await user.keyboard('1024{Enter}9999{Enter}');
    expect(await screen.findByTestId('signin-error')).toHaveTextContent('工号或密码不正确');
    expect(screen.getByTestId('signin-secret')).toHaveValue('');
    expect(screen.getByTestId('signin-secret')).toHaveFocus();
  });

  it('Ctrl+L locks over the work, which is hidden and keeps no shortcut; the PIN unlocks', async () => {
    const user = userEvent.setup();
    renderWith(createMemoryBackend());
    await screen.findByTestId('home');
    await user.keyboard('{Control>}l{/Control}');
    const lock = await screen.findByTestId('lock-screen');
    expect(lock).toHaveTextContent('1024');
    await waitFor(() => expect(screen.getByTestId('unlock-secret')).toHaveFocus());
    // Ctrl+N does nothing behind the lock.
    await user.keyboard('{Control>}n{/Control}');
    expect(screen.queryByTestId('applicant-name')).toBeNull();
    await user.keyboard('1111{Enter}');
    expect(await screen.findByTestId('unlock-error')).toHaveTextContent('工号或密码不正确');
    await user.keyboard('0000{Enter}');
    await waitFor(() => expect(screen.queryByTestId('lock-screen')).toBeNull());
  });

  it('locks by itself after the quiet time', async () => {
    renderWith(createMemoryBackend({ idleLockSeconds: 1 }));
    await screen.findByTestId('home');
    expect(await screen.findByTestId('lock-screen', {}, { timeout: 3000 })).toBeInTheDocument();
  });

  it('another person signs in over the lock and gets their own window', async () => {
    const user = userEvent.setup();
    renderWith(createMemoryBackend());
    await screen.findByTestId('home');
    await user.click(screen.getByTestId('lock'));
    await user.click(await screen.findByTestId('lock-switch'));
    await user.keyboard('2001{Enter}0000{Enter}');
    await waitFor(() => expect(screen.getByTestId('clerk')).toHaveAttribute('data-id', '2001'));
    // A lead also gets the hall console, on Ctrl+2.
    expect(screen.getByTestId('places')).toBeInTheDocument();
    await user.keyboard('{Control>}2{/Control}');
    expect(await screen.findByTestId('hall-console')).toBeInTheDocument();
  });

  it('says why when the back office ended the sign-in', async () => {
    const backend = createMemoryBackend();
    renderWith(backend);
    await screen.findByTestId('home');
    act(() => backend.endSession('auth.session_ended'));
    expect(await screen.findByTestId('signin-ended')).toHaveTextContent('后台已注销或过期您的登录');
  });
});
