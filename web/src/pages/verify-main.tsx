/** Entry point of /verify. */
import { mountPage } from '../layout/mount';
import { VerifyPage } from '../verify/verify-page';

mountPage('verify', VerifyPage, { chat: true });
