import { cronScheduleProblem } from '../../src/manifest/cron-schedule';

describe('cronScheduleProblem', () => {
  test.each([
    '0 2 * * *',
    '*/15 * * * *',
    '0 0 1 1 *',
    '5-55/10 9-17 * * MON-FRI',
    '0 0 * JAN,jul SUN',
    '0 12 ? * ?',
    '30 4 1,15 * 5',
    '0 22 * * 1-5',
    '  0   2 * * *  ',
    '7/5 * * * *',
    '1,,2 * * * *',
    '*-9 * * * *',
    '+5 * * * *',
    '@yearly',
    '@annually',
    '@monthly',
    '@weekly',
    '@daily',
    '@midnight',
    '@hourly',
    '@every 1h30m',
    '@every 90s',
    '@every 0',
  ])('accepts %j, as the API server does', (schedule) => {
    expect(cronScheduleProblem(schedule)).toBeUndefined();
  });

  test.each([
    ['', /is empty/],
    ['0 2 * *', /expected exactly 5 fields .*found 4/],
    ['0 0 2 * * *', /expected exactly 5 fields .*found 6/],
    ['60 * * * *', /minute field "60": 60 is above the maximum 59/],
    ['0 24 * * *', /hour field "24": 24 is above the maximum 23/],
    ['0 0 0 * *', /day of month field "0": 0 is below the minimum 1/],
    ['0 0 32 * *', /day of month field "32": 32 is above the maximum 31/],
    ['0 0 * 13 *', /month field "13": 13 is above the maximum 12/],
    ['0 0 * * 7', /day of week field "7": 7 is above the maximum 6/],
    ['0 0 * * SUNDAY', /day of week field "SUNDAY": "SUNDAY" is not a number or a name/],
    ['0 0 * FOO *', /month field "FOO": "FOO" is not a number or a name \(JAN-DEC, SUN-SAT\)/],
    ['x * * * *', /minute field "x": "x" is not a number$/],
    ['10-5 * * * *', /the range "10-5" starts \(10\) after it ends \(5\)/],
    ['1-2-3 * * * *', /too many hyphens in "1-2-3"/],
    ['*/5/2 * * * *', /too many slashes in "\*\/5\/2"/],
    ['*/0 * * * *', /the step of "\*\/0" must be a positive number/],
    ['*/x * * * *', /"x" is not a number/],
    ['@fortnightly', /unrecognized descriptor "@fortnightly"/],
    ['@daily ', /unrecognized descriptor "@daily "/],
    ['@every soon', /"soon" is not a duration such as 1h30m/],
    [' @daily', /expected exactly 5 fields .*found 1/],
    ['TZ=Europe/Berlin 0 2 * * *', /cannot use TZ or CRON_TZ in the schedule: set the time zone in the timeZone field/],
    ['CRON_TZ=UTC 0 2 * * *', /cannot use TZ or CRON_TZ/],
  ])('refuses %j, saying why', (schedule, problem) => {
    expect(cronScheduleProblem(schedule)).toMatch(problem);
  });
});
