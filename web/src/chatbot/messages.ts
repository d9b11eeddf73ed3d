/** The chat widget's labels and suggested questions in Thai and English (the English table must have exactly the Thai keys). */
import type { Lang } from '../i18n/lang';

const th = {
  open: 'ถามแชตบอต',
  title: 'ผู้ช่วยตอบคำถาม',
  intro: 'ถามเรื่องใบรับรองแพทย์ การตรวจสอบ วัคซีน การร้องเรียน หรือการค้นหาสถานพยาบาล',
  close: 'ปิดหน้าต่างแชต',
  conversation: 'บทสนทนา',
  you: 'คุณ',
  bot: 'แชตบอต',
  staff: 'เจ้าหน้าที่',
  staffReplied: 'เจ้าหน้าที่ตอบว่า',
  inputLabel: 'พิมพ์คำถามของคุณ',
  send: 'ส่ง',
  thinking: 'กำลังหาคำตอบ…',
  suggestions: 'คำถามที่พบบ่อย',
  talkToPerson: 'คุยกับเจ้าหน้าที่',
  notSure: 'คำตอบไม่ตรงกับที่ถามใช่ไหม',
  askForPerson: 'ขอคุยกับเจ้าหน้าที่',
  handedOver: 'ส่งต่อให้เจ้าหน้าที่แล้ว',
  handoverReference: 'เลขอ้างอิง {ref} หากเรื่องเร่งด่วน โทรสายด่วนกระทรวงสาธารณสุข 1422',
  tooLong: 'คำถามยาวเกินไป กรุณาพิมพ์ให้สั้นลง (ไม่เกิน {max} ตัวอักษร)',
  errorNetwork: 'ไม่สามารถเชื่อมต่อระบบได้ กรุณาลองใหม่',
  errorRateLimited: 'ถามถี่เกินไป กรุณารอสักครู่แล้วลองใหม่',
  errorServer: 'ระบบขัดข้องชั่วคราว กรุณาลองใหม่ภายหลัง',
  suggestion1: 'ตรวจสอบใบรับรองแพทย์อย่างไร',
  suggestion2: 'ใบรับรองแพทย์ของฉันอยู่ที่ไหน',
  suggestion3: 'ร้องเรียนคลินิกได้อย่างไร',
  suggestion4: 'แชร์ใบรับรองให้นายจ้างได้ไหม',
};

export type ChatMessages = { [K in keyof typeof th]: string };

const en: ChatMessages = {
  open: 'Ask the chatbot',
  title: 'Help chat',
  intro: 'Ask about medical certificates, verifying them, vaccination, complaints or finding a licensed facility.',
  close: 'Close the chat',
  conversation: 'Conversation',
  you: 'You',
  bot: 'Chatbot',
  staff: 'Staff',
  staffReplied: 'Staff replied:',
  inputLabel: 'Type your question',
  send: 'Send',
  thinking: 'Looking for an answer…',
  suggestions: 'Common questions',
  talkToPerson: 'Talk to a person',
  notSure: 'Not what you asked?',
  askForPerson: 'I want to talk to a person',
  handedOver: 'Passed to our staff',
  handoverReference: 'Reference {ref}. If it is urgent, call the Ministry of Public Health hotline 1422.',
  tooLong: 'The question is too long; please keep it under {max} characters.',
  errorNetwork: 'The service cannot be reached. Please try again.',
  errorRateLimited: 'Too many questions at once. Please wait a moment and try again.',
  errorServer: 'The service has a temporary problem. Please try again later.',
  suggestion1: 'How do I verify a medical certificate?',
  suggestion2: 'Where is my certificate?',
  suggestion3: 'How do I file a complaint about a clinic?',
  suggestion4: 'Can I share my certificate with my employer?',
};

export const chatMessages: Record<Lang, ChatMessages> = { th, en };

export const suggestionKeys = ['suggestion1', 'suggestion2', 'suggestion3', 'suggestion4'] as const satisfies readonly (keyof ChatMessages)[];
