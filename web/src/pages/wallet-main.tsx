/** Entry point of /wallet (its own issue fills the page). */
import { mountPage } from '../layout/mount';
import { PagePlaceholder } from '../layout/page-placeholder';

mountPage('wallet', () => <PagePlaceholder title="navWallet" />);
