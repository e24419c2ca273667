/**
 * Synthetic contestants of the reference province for the benchmarks: Vietnamese names, birth
 * dates fitting each group of the plan, ID numbers and phones that pass the registration rules.
 * Deterministic for a given seed, so two runs of the generator build the same contest.
 */

/** mulberry32: a small, fast, seedable PRNG returning floats in [0, 1). */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks from `[value, weight]` pairs; the table is prepared once, each pick is a binary search. */
export function weightedPicker(pairs, random) {
  const values = pairs.map(([value]) => value);
  const cumulative = [];
  let sum = 0;
  for (const [, weight] of pairs) cumulative.push((sum += weight));
  return () => {
    const target = random() * sum;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle] > target) high = middle;
      else low = middle + 1;
    }
    return values[low];
  };
}

/** A standard normal deviate (Box–Muller). */
export function normal(random) {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** A 128-bit id in hex, shaped like the server's own record ids (tokens.ts `newId`). */
export function recordId(random) {
  let id = '';
  for (let i = 0; i < 4; i++) id += Math.floor(random() * 4294967296).toString(16).padStart(8, '0');
  return id;
}

// Rough frequencies of Vietnamese family names.
const SURNAMES = [
  ['Nguyễn', 38], ['Trần', 11], ['Lê', 9.5], ['Phạm', 7], ['Hoàng', 4], ['Vũ', 4], ['Đặng', 2], ['Bùi', 2],
  ['Đỗ', 1.5], ['Ngô', 1.3], ['Dương', 1], ['Đinh', 1], ['Phan', 4.5], ['Mai', 0.6], ['Tô', 0.4], ['Lương', 0.5],
];
const MIDDLE = {
  male: [['Văn', 40], ['Đức', 10], ['Minh', 10], ['Quốc', 8], ['Hữu', 8], ['Thanh', 6], ['Xuân', 5], ['Công', 5], ['Ngọc', 4], ['Trung', 4]],
  female: [['Thị', 50], ['Thu', 8], ['Ngọc', 8], ['Thanh', 7], ['Minh', 6], ['Phương', 5], ['Hồng', 5], ['Thùy', 5], ['Bích', 3], ['Khánh', 3]],
};
const GIVEN = {
  male: ['An', 'Bình', 'Cường', 'Dũng', 'Đức', 'Hải', 'Hiếu', 'Hùng', 'Huy', 'Khánh', 'Long', 'Mạnh', 'Nam', 'Phong', 'Quân', 'Sơn', 'Thắng', 'Thành', 'Tuấn', 'Việt'],
  female: ['Anh', 'Chi', 'Dung', 'Giang', 'Hà', 'Hạnh', 'Hằng', 'Hoa', 'Hương', 'Lan', 'Linh', 'Mai', 'Ngân', 'Nhung', 'Oanh', 'Phương', 'Thảo', 'Trang', 'Vân', 'Yến'],
};
// Mobile prefixes of the Vietnamese networks (all accepted by domain/phone.ts).
const PHONE_PREFIXES = ['032', '033', '034', '035', '036', '037', '038', '039', '056', '058', '070', '076', '077', '078', '079', '081', '082', '083', '084', '085', '086', '088', '089', '090', '091', '093', '094', '096', '097', '098'];
/** Ages by group of the plan (`occupation` ids of CONTEST_DEFAULTS); other groups get the adult range. */
const AGES = { 'hoc-sinh': [15, 18], 'sinh-vien': [18, 23], 'luc-luong-vu-trang': [20, 55], 'can-bo': [23, 60], 'doan-vien': [18, 60], 'nhan-dan': [18, 75] };
const ADULT = [18, 65];

const ASCII = (text) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

/**
 * People of the province. `serialFrom` is the first serial (last 6 digits of the ID number) this
 * source hands out in each (birth year, sex): the generator starts at 0, load runs higher up, so the
 * two never register the same number.
 */
export function createPeople({ random, today, serialFrom = 0 }) {
  const surname = weightedPicker(SURNAMES, random);
  const middle = { male: weightedPicker(MIDDLE.male, random), female: weightedPicker(MIDDLE.female, random) };
  const serials = new Map();
  const pick = (list) => list[Math.floor(random() * list.length)];
  const thisYear = today.getUTCFullYear();

  return function person(occupation) {
    const sex = random() < 0.5 ? 'male' : 'female';
    const [youngest, oldest] = AGES[occupation] ?? ADULT;
    const year = thisYear - youngest - Math.floor(random() * (oldest - youngest + 1));
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    const bucket = year * 2 + (sex === 'female' ? 1 : 0);
    const serial = serials.get(bucket) ?? serialFrom;
    if (serial > 999_999) throw new Error(`Hết số định danh cho năm sinh ${year}`);
    serials.set(bucket, serial + 1);
    // Digit 4: century and sex (0/1 for 1900s, 2/3 for 2000s; even = male).
    const centuryDigit = (year >= 2000 ? 2 : 0) + (sex === 'female' ? 1 : 0);
    const given = pick(GIVEN[sex]);
    const fullName = `${surname()} ${middle[sex]()} ${given}`;
    const phone = pick(PHONE_PREFIXES) + String(Math.floor(random() * 10_000_000)).padStart(7, '0');
    return {
      fullName,
      birthDate: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      idNumber: `034${centuryDigit}${String(year % 100).padStart(2, '0')}${String(serial).padStart(6, '0')}`,
      phone,
      email: random() < 0.3 ? `${ASCII(given)}.${ASCII(fullName.split(' ')[0])}${Math.floor(random() * 1000)}@gmail.com` : null,
    };
  };
}
