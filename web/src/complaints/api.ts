/** The wallet's complaint calls: categories, the public registry search, filing (multipart with attachments) and my complaints. */
import { call, type Bilingual } from '../wallet/api';

export interface ComplaintCategory {
  id: string;
  names: Bilingual;
}

export interface RegistryFacility {
  id: string;
  kind: 'public_hospital' | 'private_hospital' | 'medical_clinic' | 'dental_clinic' | 'medtech_clinic' | 'pharmacy';
  nameTh: string;
  nameEn: string;
  province: string;
  licenceStatus: string | null;
}

export type ComplaintStatus = 'submitted' | 'triaged' | 'investigating' | 'resolved' | 'dismissed';

export interface MyComplaint {
  id: string;
  facility: { id: string; nameTh: string; nameEn: string };
  category: string;
  status: ComplaintStatus;
  visitDate: string;
  submittedAt: string;
  dueAt: string | null;
  overdue: boolean;
}

export interface NewComplaint {
  facilityId: string;
  category: string;
  visitDate: string;
  description: string;
  attachments: readonly File[];
}

export const complaintCategories = () => call<{ categories: ComplaintCategory[] }>('/api/v1/complaints/categories');

export const searchFacilities = (q: string) =>
  call<{ items: RegistryFacility[]; hasMore: boolean }>(`/api/v1/registry/facilities?${new URLSearchParams({ q, limit: '20' }).toString()}`);

export const myComplaints = () => call<{ complaints: MyComplaint[] }>('/api/v1/complaints');

/** A step of one of my complaints, worded by the server in both languages (no text anyone wrote). */
export interface ComplaintUpdate {
  id: number;
  kind: string;
  complaintId: string;
  reference: string;
  text: { th: string; en: string };
  createdAt: string;
}

export const myComplaintUpdates = () => call<ComplaintUpdate[]>('/api/v1/wallet/notifications');

/** Multipart, so the attachments travel with the fields in one request: the complaint is filed whole or not at all. */
export function fileComplaint(complaint: NewComplaint) {
  const form = new FormData();
  form.set('facilityId', complaint.facilityId);
  form.set('category', complaint.category);
  form.set('visitDate', complaint.visitDate);
  form.set('description', complaint.description);
  for (const file of complaint.attachments) form.append('attachments', file, file.name);
  return call<MyComplaint>('/api/v1/complaints', { method: 'POST', body: form });
}
