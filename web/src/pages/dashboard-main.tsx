/** Entry point of /dashboard (its own issue fills the page). */
import { mountPage } from '../layout/mount';
import { PagePlaceholder } from '../layout/page-placeholder';

mountPage('dashboard', () => <PagePlaceholder title="navDashboard" />);
