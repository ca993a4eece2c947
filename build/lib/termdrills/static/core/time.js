// termdrills time in words: when the next review is, as a student reads it ("in 3 days",
// "tomorrow"), in the interface language's strings (time.* in i18n/strings.json).

const TIME_MINUTE = 60_000;
const TIME_HOUR = 60 * TIME_MINUTE;
const TIME_DAY = 24 * TIME_HOUR;

/** `due` (ms) seen from `now`, in words: `t` is the drill's string lookup. Under a
 * minute is "now"; then minutes, hours (rounded: 59.6 minutes is an hour, 23.7 hours a
 * day), days, months (30 days), years. */
export function inWords(due, now, t) {
  const wait = due - now;
  const n = (unit) => Math.max(1, Math.round(wait / unit));
  if (wait < TIME_MINUTE) return t("time.now");
  if (n(TIME_MINUTE) < 60) return n(TIME_MINUTE) === 1 ? t("time.minute")
    : t("time.minutes", { n: n(TIME_MINUTE) });
  if (n(TIME_HOUR) < 24) return n(TIME_HOUR) === 1 ? t("time.hour")
    : t("time.hours", { n: n(TIME_HOUR) });
  const days = n(TIME_DAY);
  if (days === 1) return t("time.tomorrow");
  if (days < 60) return t("time.days", { n: days });
  if (days < 730) return Math.round(days / 30) === 1 ? t("time.month")
    : t("time.months", { n: Math.round(days / 30) });
  return Math.round(days / 365) === 1 ? t("time.year")
    : t("time.years", { n: Math.round(days / 365) });
}
