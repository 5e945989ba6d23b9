import { cronScheduleNeverRuns, cronScheduleProblem, timeZoneProblem } from '../../src/manifest/cron-schedule';

describe('cronScheduleProblem', () => {
  test.each([
    ['every minute', '* * * * *'],
    ['a fixed time', '30 2 * * *'],
    ['ranges, steps and lists', '0-30/10 8-18 1,15 */2 1-5'],
    ['a step from a single start, meaning start to the maximum', '5/15 * * * *'],
    ['month names in any case', '0 0 1 JAN,mar,Dec *'],
    ['month name ranges with a step', '0 0 1 jan-dec/3 *'],
    ['day names and their ranges', '0 9 * * MON-FRI'],
    ['day names in lower and mixed case', '0 9 * * sun,Sat'],
    ['question marks in any field', '? ? ? ? ?'],
    ['a star with a step', '*/5 */2 */3 */4 */2'],
    ['the largest values', '59 23 31 12 6'],
    ['the smallest values', '0 0 1 1 0'],
    ['leading zeros', '05 01 01 01 00'],
    ['a plus sign, which Go reads as a number', '+5 * * * *'],
    ['tabs and repeated spaces between fields', '0\t0  *   * *'],
    ['white space around the fields', '  0 0 * * *  '],
    ['empty list items, which the parser skips', '0 0 1,,15 * *'],
    ['a star followed by a range, which the parser reads as a star', '*-5 * * * *'],
    ['a step of one on a range', '1-5/1 * * * *'],
    ['@yearly', '@yearly'],
    ['@annually', '@annually'],
    ['@monthly', '@monthly'],
    ['@weekly', '@weekly'],
    ['@daily', '@daily'],
    ['@midnight', '@midnight'],
    ['@hourly', '@hourly'],
    ['@every with hours and minutes', '@every 1h30m'],
    ['@every with a fraction', '@every 1.5h'],
    ['@every with microseconds written with the micro sign', '@every 10\u00b5s'],
    ['@every 0', '@every 0'],
    ['@every with a sign', '@every +5m'],
  ])('accepts %s (%j)', (_name, schedule) => {
    expect(cronScheduleProblem(schedule)).toBeUndefined();
  });

  test.each([
    ['an empty schedule', '', /empty/],
    ['only white space', '   ', /expected exactly 5 fields, found 0/],
    ['four fields', '0 0 * *', /expected exactly 5 fields, found 4/],
    ['six fields (seconds)', '0 0 0 * * *', /found 6.*no seconds field/],
    ['a minute of 60', '60 * * * *', /minute field "60": 60 is above the maximum 59/],
    ['an hour of 24', '0 24 * * *', /hour field "24": 24 is above the maximum 23/],
    ['a day of month of 0', '0 0 0 * *', /day of month field "0": 0 is below the minimum 1/],
    ['a day of month of 32', '0 0 32 * *', /above the maximum 31/],
    ['a month of 13', '0 0 1 13 *', /month field "13"/],
    ['a day of week of 7, which this parser does not accept for Sunday', '0 0 * * 7', /day of week field "7".*Sunday is 0/],
    ['a range reaching 7', '0 0 * * 1-7', /7 is above the maximum 6/],
    ['an unknown month name', '0 0 1 JANUARY *', /"JANUARY" is not a month name/],
    ['a day name in the month field', '0 0 1 MON *', /"MON" is not a month name/],
    ['a name in a numeric field', '0 noon * * *', /"noon" is not a number/],
    ['a backwards range', '0 0 * * 5-1', /starts at 5, after its end 1/],
    ['a step of zero', '*/0 * * * *', /step of "\*\/0" must be a positive number/],
    ['a negative step', '*/-1 * * * *', /negative number "-1"/],
    ['too many hyphens', '1-2-3 * * * *', /too many hyphens/],
    ['too many slashes', '1/2/3 * * * *', /too many slashes/],
    ['a step without a start', '/5 * * * *', /"" is not a number/],
    ['a negative number', '-5 * * * *', /"" is not a number/],
    ['a number too large for Go', '99999999999999999999 * * * *', /out of range/],
    ['letters in a number', '1a * * * *', /"1a" is not a number/],
    ['an unknown descriptor', '@fortnightly', /unknown descriptor "@fortnightly"/],
    ['a descriptor in capitals', '@Daily', /unknown descriptor/],
    ['a descriptor with a trailing space', '@daily ', /unknown descriptor/],
    ['a descriptor after a space', ' @daily', /expected exactly 5 fields, found 1/],
    ['@every without a duration', '@every', /unknown descriptor/],
    ['@every with two spaces', '@every  1h', /invalid duration/],
    ['@every without a unit', '@every 5', /missing unit/],
    ['@every with an unknown unit', '@every 2d', /unknown unit "d"/],
    ['@every with a dot and no digits', '@every .s', /invalid duration/],
    ['@every overflowing Go durations', '@every 2562048h', /invalid duration/],
    ['a TZ= prefix', 'TZ=UTC 0 0 * * *', /TZ= or CRON_TZ=.*spec\.timeZone/],
    ['a CRON_TZ= prefix', 'CRON_TZ=Europe/Berlin 0 3 * * *', /spec\.timeZone/],
    ['TZ without a schedule', 'TZ=UTC', /spec\.timeZone/],
  ])('refuses %s (%j)', (_name, schedule, message) => {
    expect(cronScheduleProblem(schedule)).toMatch(message);
  });

  test('accepts the largest duration Go can hold and refuses the next hour', () => {
    expect(cronScheduleProblem('@every 2562047h')).toBeUndefined();
    expect(cronScheduleProblem('@every 2562047h48m')).toMatch(/invalid duration/);
  });
});

describe('timeZoneProblem', () => {
  test.each(['Etc/UTC', 'UTC', 'Europe/Berlin', 'America/New_York', 'America/Argentina/Buenos_Aires', 'Asia/Kolkata', 'US/Eastern', 'Etc/GMT+5'])('accepts %s', (zone) => {
    expect(timeZoneProblem(zone)).toBeUndefined();
  });

  test.each([
    ['', /empty/],
    ['Local', /not an explicit time zone/],
    ['local', /not an explicit time zone/],
    ['europe/berlin', /case-sensitive, write "Europe\/Berlin"/],
    ['us/eastern', /case-sensitive/],
    ['Mars/Olympus_Mons', /unknown time zone "Mars\/Olympus_Mons"/],
    ['Europe/Berlin ', /unknown time zone/],
    ['Europe//Berlin', /unknown time zone/],
    ['../etc/passwd', /unknown time zone/],
    ['America/A_Very_Long_Component_Name', /unknown time zone/],
    ['UTC+2', /unknown time zone/],
  ])('refuses %j', (zone, message) => {
    expect(timeZoneProblem(zone)).toMatch(message);
  });
});

describe('cronScheduleNeverRuns', () => {
  test.each([
    ['30 February', '0 0 30 2 *'],
    ['the 31st of the 30-day months', '0 0 31 4,6,9,11 *'],
    ['an empty minute list', ', 0 * * *'],
    ['30 February with the day of week given as a star with a hyphen', '0 0 30 2 *-3'],
  ])('finds that %s never comes (%j)', (_name, schedule) => {
    expect(cronScheduleNeverRuns(schedule)).toBe(true);
  });

  test.each([
    ['29 February, which leap years have', '0 0 29 2 *'],
    ['30 February or any Monday, since both day fields are restricted', '0 0 30 2 1'],
    ['30 February or every second weekday, since a step clears the star', '0 0 30 2 */2'],
    ['every day', '* * * * *'],
    ['a descriptor', '@monthly'],
    ['an invalid schedule, which is reported as such instead', '0 0 32 2 *'],
  ])('lets %s be (%j)', (_name, schedule) => {
    expect(cronScheduleNeverRuns(schedule)).toBe(false);
  });
});
