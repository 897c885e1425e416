const pad = (n, width = 2) => String(n).padStart(width, '0');

export function formatDate(iso) {
  const [year, month, day] = iso.split('-').map(Number);
  return `${year}/${pad(month)}/${pad(day)}`;
}

export const readingTime = (words, perMinute = 200) => Math.max(1, Math.ceil(words / perMinute));

export default { formatDate, readingTime };
