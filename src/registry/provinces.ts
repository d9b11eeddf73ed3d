/**
 * Thailand's 77 provinces (Bangkok included) and Pattaya, by ISO 3166-2:TH code: the one spelling the
 * registry, officers' accounts, complaints and analytics store and filter by. The Thai and English
 * names are for people: labels in filters and charts, and what an operator may type for an officer.
 */

export interface ProvinceName {
  code: string;
  th: string;
  en: string;
}

/** TH-10 is Bangkok, TH-50 Chiang Mai, TH-83 Phuket…; TH-S is the special administrative city of Pattaya. */
const names: Record<string, [string, string]> = {
  'TH-10': ['กรุงเทพมหานคร', 'Bangkok'],
  'TH-11': ['สมุทรปราการ', 'Samut Prakan'],
  'TH-12': ['นนทบุรี', 'Nonthaburi'],
  'TH-13': ['ปทุมธานี', 'Pathum Thani'],
  'TH-14': ['พระนครศรีอยุธยา', 'Phra Nakhon Si Ayutthaya'],
  'TH-15': ['อ่างทอง', 'Ang Thong'],
  'TH-16': ['ลพบุรี', 'Lop Buri'],
  'TH-17': ['สิงห์บุรี', 'Sing Buri'],
  'TH-18': ['ชัยนาท', 'Chai Nat'],
  'TH-19': ['สระบุรี', 'Saraburi'],
  'TH-20': ['ชลบุรี', 'Chon Buri'],
  'TH-21': ['ระยอง', 'Rayong'],
  'TH-22': ['จันทบุรี', 'Chanthaburi'],
  'TH-23': ['ตราด', 'Trat'],
  'TH-24': ['ฉะเชิงเทรา', 'Chachoengsao'],
  'TH-25': ['ปราจีนบุรี', 'Prachin Buri'],
  'TH-26': ['นครนายก', 'Nakhon Nayok'],
  'TH-27': ['สระแก้ว', 'Sa Kaeo'],
  'TH-30': ['นครราชสีมา', 'Nakhon Ratchasima'],
  'TH-31': ['บุรีรัมย์', 'Buri Ram'],
  'TH-32': ['สุรินทร์', 'Surin'],
  'TH-33': ['ศรีสะเกษ', 'Si Sa Ket'],
  'TH-34': ['อุบลราชธานี', 'Ubon Ratchathani'],
  'TH-35': ['ยโสธร', 'Yasothon'],
  'TH-36': ['ชัยภูมิ', 'Chaiyaphum'],
  'TH-37': ['อำนาจเจริญ', 'Amnat Charoen'],
  'TH-38': ['บึงกาฬ', 'Bueng Kan'],
  'TH-39': ['หนองบัวลำภู', 'Nong Bua Lam Phu'],
  'TH-40': ['ขอนแก่น', 'Khon Kaen'],
  'TH-41': ['อุดรธานี', 'Udon Thani'],
  'TH-42': ['เลย', 'Loei'],
  'TH-43': ['หนองคาย', 'Nong Khai'],
  'TH-44': ['มหาสารคาม', 'Maha Sarakham'],
  'TH-45': ['ร้อยเอ็ด', 'Roi Et'],
  'TH-46': ['กาฬสินธุ์', 'Kalasin'],
  'TH-47': ['สกลนคร', 'Sakon Nakhon'],
  'TH-48': ['นครพนม', 'Nakhon Phanom'],
  'TH-49': ['มุกดาหาร', 'Mukdahan'],
  'TH-50': ['เชียงใหม่', 'Chiang Mai'],
  'TH-51': ['ลำพูน', 'Lamphun'],
  'TH-52': ['ลำปาง', 'Lampang'],
  'TH-53': ['อุตรดิตถ์', 'Uttaradit'],
  'TH-54': ['แพร่', 'Phrae'],
  'TH-55': ['น่าน', 'Nan'],
  'TH-56': ['พะเยา', 'Phayao'],
  'TH-57': ['เชียงราย', 'Chiang Rai'],
  'TH-58': ['แม่ฮ่องสอน', 'Mae Hong Son'],
  'TH-60': ['นครสวรรค์', 'Nakhon Sawan'],
  'TH-61': ['อุทัยธานี', 'Uthai Thani'],
  'TH-62': ['กำแพงเพชร', 'Kamphaeng Phet'],
  'TH-63': ['ตาก', 'Tak'],
  'TH-64': ['สุโขทัย', 'Sukhothai'],
  'TH-65': ['พิษณุโลก', 'Phitsanulok'],
  'TH-66': ['พิจิตร', 'Phichit'],
  'TH-67': ['เพชรบูรณ์', 'Phetchabun'],
  'TH-70': ['ราชบุรี', 'Ratchaburi'],
  'TH-71': ['กาญจนบุรี', 'Kanchanaburi'],
  'TH-72': ['สุพรรณบุรี', 'Suphan Buri'],
  'TH-73': ['นครปฐม', 'Nakhon Pathom'],
  'TH-74': ['สมุทรสาคร', 'Samut Sakhon'],
  'TH-75': ['สมุทรสงคราม', 'Samut Songkhram'],
  'TH-76': ['เพชรบุรี', 'Phetchaburi'],
  'TH-77': ['ประจวบคีรีขันธ์', 'Prachuap Khiri Khan'],
  'TH-80': ['นครศรีธรรมราช', 'Nakhon Si Thammarat'],
  'TH-81': ['กระบี่', 'Krabi'],
  'TH-82': ['พังงา', 'Phangnga'],
  'TH-83': ['ภูเก็ต', 'Phuket'],
  'TH-84': ['สุราษฎร์ธานี', 'Surat Thani'],
  'TH-85': ['ระนอง', 'Ranong'],
  'TH-86': ['ชุมพร', 'Chumphon'],
  'TH-90': ['สงขลา', 'Songkhla'],
  'TH-91': ['สตูล', 'Satun'],
  'TH-92': ['ตรัง', 'Trang'],
  'TH-93': ['พัทลุง', 'Phatthalung'],
  'TH-94': ['ปัตตานี', 'Pattani'],
  'TH-95': ['ยะลา', 'Yala'],
  'TH-96': ['นราธิวาส', 'Narathiwat'],
  'TH-S': ['พัทยา', 'Pattaya'],
};

export const provinceNames: readonly ProvinceName[] = Object.entries(names).map(([code, [th, en]]) => ({ code, th, en }));

export const provinceCodes: ReadonlySet<string> = new Set(provinceNames.map((p) => p.code));

/** The code in its stored form (upper case) when it is a Thai province code, otherwise undefined. */
export function normaliseProvince(value: string): string | undefined {
  const code = value.trim().toUpperCase();
  return provinceCodes.has(code) ? code : undefined;
}

/** Names compared without case, spaces, hyphens or a leading "จังหวัด", so "Lop Buri", "Lopburi" and "จังหวัดลพบุรี" all match. */
const nameKey = (name: string) => name.normalize('NFC').toLowerCase().replace(/^\s*จังหวัด/, '').replace(/[\s-]+/g, '');
const codeByName = new Map(provinceNames.flatMap((p) => [[nameKey(p.th), p.code] as const, [nameKey(p.en), p.code] as const]));

/**
 * The code for what a person typed: a code in any case, or a province's Thai or English name. Only
 * for input from people (creating an officer's account); everything stored is already a code.
 */
export function provinceCodeFromInput(value: string): string | undefined {
  return normaliseProvince(value) ?? codeByName.get(nameKey(value));
}
