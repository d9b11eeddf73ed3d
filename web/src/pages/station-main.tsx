/** Entry point of /station (its own issue fills the page). */
import { mountPage } from '../layout/mount';
import { PagePlaceholder } from '../layout/page-placeholder';

mountPage('station', () => <PagePlaceholder title="navStation" />);
