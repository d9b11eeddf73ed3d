/** Entry point of /wallet: the citizen's certificates, installable as an app (manifest + a service worker caching the shell). */
import { mountPage } from '../layout/mount';
import { WalletPage } from '../wallet/wallet-page';
import '../styles/wallet.css';

mountPage('wallet', WalletPage, { chat: true });

if ('serviceWorker' in navigator) {
  // Scope /wallet: the worker never touches the other portals.
  void navigator.serviceWorker.register('/wallet-sw.js', { scope: '/wallet' }).catch(() => undefined);
}
