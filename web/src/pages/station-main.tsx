/** Entry point of /station: the Station for clinics and pharmacies. */
import { mountPage } from '../layout/mount';
import { StationPage } from '../station/station-page';

mountPage('station', StationPage);
