/** One fictitious DCC payload of each type, without UVCIs (issuance fills them): for tests, benchmarks and the CLI's example. */
export const samplePayloads = {
  v: {
    ver: '1.3.0',
    nam: { fn: 'ใจดี', fnt: 'JAIDEE', gn: 'สมชาย', gnt: 'SOMCHAI' },
    dob: '1985-03-14',
    v: [{ tg: '840539006', vp: '1119349007', mp: 'EU/1/20/1528', ma: 'ORG-100030215', dn: 2, sd: 2, dt: '2025-12-01', co: 'TH', is: 'Ministry of Public Health, Thailand' }],
  },
  t: {
    ver: '1.3.0',
    nam: { fn: 'ใจดี', fnt: 'JAIDEE', gn: 'สมชาย', gnt: 'SOMCHAI' },
    dob: '1985-03-14',
    t: [{ tg: '840539006', tt: 'LP6464-4', nm: 'Roche LightCycler qPCR', sc: '2026-01-09T10:00:00Z', tr: '260415000', tc: 'Bangkok Hospital Laboratory', co: 'TH', is: 'Ministry of Public Health, Thailand' }],
  },
  r: {
    ver: '1.3.0',
    nam: { fn: 'ใจดี', fnt: 'JAIDEE', gn: 'สมชาย', gnt: 'SOMCHAI' },
    dob: '1985-03-14',
    r: [{ tg: '840539006', fr: '2025-12-20', co: 'TH', is: 'Ministry of Public Health, Thailand', df: '2026-01-01', du: '2026-06-18' }],
  },
};
