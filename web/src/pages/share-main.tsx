/** Entry point of /s/<token>: a certificate someone shared through an expiring link. */
import { mountPage } from '../layout/mount';
import { SharedPage } from '../wallet/shared-page';
import '../styles/wallet.css';

mountPage('wallet', SharedPage);
