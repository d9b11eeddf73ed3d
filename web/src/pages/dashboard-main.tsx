/** Entry point of /dashboard. */
import { DashboardPage } from '../dashboard/dashboard-page';
import { mountPage } from '../layout/mount';

mountPage('dashboard', DashboardPage);
