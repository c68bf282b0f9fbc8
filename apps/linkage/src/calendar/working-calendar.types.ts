/** A label a policy officer reads in either language. */
export interface Labels {
  readonly en: string;
  readonly zh: string;
}

/** One festival's arrangement in one year: days off (a date or `from..to`) and weekend days worked instead. */
export interface FestivalArrangement {
  readonly en: string;
  readonly zh: string;
  readonly off: readonly string[];
  readonly workOn: readonly string[];
}

/** The notice that fixed a year's arrangement. */
export interface HolidayNotice {
  readonly title: string;
  readonly docNo: string;
  readonly issuedOn: string;
  readonly note?: string;
}

/** A versioned working-day calendar: which years it knows, and for each the notice and its festivals. */
export interface WorkingCalendarData {
  readonly id: string;
  readonly version: string;
  readonly source: Labels;
  readonly years: Readonly<Record<number, { readonly notice: HolidayNotice; readonly festivals: readonly FestivalArrangement[] }>>;
}

/** A working-day answer, or a refusal to guess for a date the calendar does not cover. */
export type CalendarAnswer<T> =
  | { readonly ok: true; readonly value: T; readonly calendar: string }
  | {
      readonly ok: false;
      readonly code: 'CALENDAR_YEAR_NOT_COVERED';
      readonly year: number;
      readonly calendar: string;
      readonly message: string;
    };
