import type { WorkingCalendarData } from './working-calendar.types.js';

/**
 * China's national working-day calendar, 2017–2026: the public holidays and the adjusted working
 * weekends (调休) that the State Council General Office announces each year in its notice
 * 国务院办公厅关于XXXX年部分节假日安排的通知 (cited per year below). Generated from
 * chinese-days 1.5.7 (MIT, dist/chinese-days.json) and checked in working-calendar.spec.ts against
 * dates read from the notices. Only national arrangements: a province's own extra days off are not
 * in it. Days are filed under the calendar year they fall in, so a year's list can hold days that the
 * next year's notice set (New Year's Eve days off); the year's note says so. A new year is added as a
 * new version when its notice is published (usually in November): take chinese-days' holidays and
 * workdays of that year, group them by festival as below, and check them against the notice.
 */
export const CHINA_WORKING_CALENDAR: WorkingCalendarData = {
  id: 'cn-national',
  version: '2026.1',
  source: {
    en: 'State Council General Office notices on the arrangement of public holidays, one per year; data taken from the npm package chinese-days 1.5.7 (MIT) and checked against the notices',
    zh: '国务院办公厅每年发布的《关于部分节假日安排的通知》；数据取自 npm 包 chinese-days 1.5.7（MIT 许可）并与通知原文核对',
  },
  years: {
    2017: {
      notice: {
        title: '国务院办公厅关于2017年部分节假日安排的通知',
        docNo: '国办发明电〔2016〕5号',
        issuedOn: '2016-12-01',
      },
      festivals: [
        { en: "New Year's Day", zh: '元旦', off: ['2017-01-01..2017-01-02'], workOn: [] },
        { en: 'Spring Festival', zh: '春节', off: ['2017-01-27..2017-02-02'], workOn: ['2017-01-22', '2017-02-04'] },
        { en: 'Tomb-sweeping Day', zh: '清明', off: ['2017-04-02..2017-04-04'], workOn: ['2017-04-01'] },
        { en: 'Labour Day', zh: '劳动节', off: ['2017-05-01'], workOn: [] },
        { en: 'Dragon Boat Festival', zh: '端午', off: ['2017-05-28..2017-05-30'], workOn: ['2017-05-27'] },
        { en: 'National Day', zh: '国庆节', off: ['2017-10-01..2017-10-03', '2017-10-05..2017-10-08'], workOn: ['2017-09-30'] },
        { en: 'Mid-autumn Festival', zh: '中秋', off: ['2017-10-04'], workOn: [] },
      ],
    },
    2018: {
      notice: {
        title: '国务院办公厅关于2018年部分节假日安排的通知',
        docNo: '国办发明电〔2017〕12号',
        issuedOn: '2017-11-30',
        note: 'The days off on 30–31 December 2018 and the worked Saturday 29 December 2018 belong to New Year 2019 and were set by the 2019 notice (国办发明电〔2018〕15号)',
      },
      festivals: [
        { en: "New Year's Day", zh: '元旦', off: ['2018-01-01', '2018-12-30..2018-12-31'], workOn: ['2018-12-29'] },
        { en: 'Spring Festival', zh: '春节', off: ['2018-02-15..2018-02-21'], workOn: ['2018-02-11', '2018-02-24'] },
        { en: 'Tomb-sweeping Day', zh: '清明', off: ['2018-04-05..2018-04-07'], workOn: ['2018-04-08'] },
        { en: 'Labour Day', zh: '劳动节', off: ['2018-04-29..2018-05-01'], workOn: ['2018-04-28'] },
        { en: 'Dragon Boat Festival', zh: '端午', off: ['2018-06-18'], workOn: [] },
        { en: 'Mid-autumn Festival', zh: '中秋', off: ['2018-09-24'], workOn: [] },
        { en: 'National Day', zh: '国庆节', off: ['2018-10-01..2018-10-07'], workOn: ['2018-09-29', '2018-09-30'] },
      ],
    },
    2019: {
      notice: {
        title: '国务院办公厅关于2019年部分节假日安排的通知',
        docNo: '国办发明电〔2018〕15号',
        issuedOn: '2018-12-06',
        note: 'Labour Day revised by 国办发明电〔2019〕2号 (2019-03-22): 1–4 May off, 28 April and 5 May worked',
      },
      festivals: [
        { en: "New Year's Day", zh: '元旦', off: ['2019-01-01'], workOn: [] },
        { en: 'Spring Festival', zh: '春节', off: ['2019-02-04..2019-02-10'], workOn: ['2019-02-02', '2019-02-03'] },
        { en: 'Tomb-sweeping Day', zh: '清明', off: ['2019-04-05..2019-04-07'], workOn: [] },
        { en: 'Labour Day', zh: '劳动节', off: ['2019-05-01..2019-05-04'], workOn: ['2019-04-28', '2019-05-05'] },
        { en: 'Dragon Boat Festival', zh: '端午', off: ['2019-06-07..2019-06-09'], workOn: [] },
        { en: 'Mid-autumn Festival', zh: '中秋', off: ['2019-09-13..2019-09-15'], workOn: [] },
        { en: 'National Day', zh: '国庆节', off: ['2019-10-01..2019-10-07'], workOn: ['2019-09-29', '2019-10-12'] },
      ],
    },
    2020: {
      notice: {
        title: '国务院办公厅关于2020年部分节假日安排的通知',
        docNo: '国办发明电〔2019〕16号',
        issuedOn: '2019-11-21',
        note: 'Spring Festival extended to 2 February by 国办发明电〔2020〕1号 (2020-01-26, 国务院办公厅关于延长2020年春节假期的通知); provincial extensions beyond that are not national and not included',
      },
      festivals: [
        { en: "New Year's Day", zh: '元旦', off: ['2020-01-01'], workOn: [] },
        { en: 'Spring Festival', zh: '春节', off: ['2020-01-24..2020-02-02'], workOn: ['2020-01-19'] },
        { en: 'Tomb-sweeping Day', zh: '清明', off: ['2020-04-04..2020-04-06'], workOn: [] },
        { en: 'Labour Day', zh: '劳动节', off: ['2020-05-01..2020-05-05'], workOn: ['2020-04-26', '2020-05-09'] },
        { en: 'Dragon Boat Festival', zh: '端午', off: ['2020-06-25..2020-06-27'], workOn: ['2020-06-28'] },
        { en: 'National Day', zh: '国庆节', off: ['2020-10-01..2020-10-08'], workOn: ['2020-09-27', '2020-10-10'] },
      ],
    },
    2021: {
      notice: {
        title: '国务院办公厅关于2021年部分节假日安排的通知',
        docNo: '国办发明电〔2020〕27号',
        issuedOn: '2020-11-25',
      },
      festivals: [
        { en: "New Year's Day", zh: '元旦', off: ['2021-01-01..2021-01-03'], workOn: [] },
        { en: 'Spring Festival', zh: '春节', off: ['2021-02-11..2021-02-17'], workOn: ['2021-02-07', '2021-02-20'] },
        { en: 'Tomb-sweeping Day', zh: '清明', off: ['2021-04-03..2021-04-05'], workOn: [] },
        { en: 'Labour Day', zh: '劳动节', off: ['2021-05-01..2021-05-05'], workOn: ['2021-04-25', '2021-05-08'] },
        { en: 'Dragon Boat Festival', zh: '端午', off: ['2021-06-12..2021-06-14'], workOn: [] },
        { en: 'Mid-autumn Festival', zh: '中秋', off: ['2021-09-19..2021-09-21'], workOn: ['2021-09-18'] },
        { en: 'National Day', zh: '国庆节', off: ['2021-10-01..2021-10-07'], workOn: ['2021-09-26', '2021-10-09'] },
      ],
    },
    2022: {
      notice: {
        title: '国务院办公厅关于2022年部分节假日安排的通知',
        docNo: '国办发明电〔2021〕11号',
        issuedOn: '2021-10-25',
        note: 'The day off on 31 December 2022 belongs to New Year 2023 and was set by the 2023 notice (国办发明电〔2022〕16号)',
      },
      festivals: [
        { en: "New Year's Day", zh: '元旦', off: ['2022-01-01..2022-01-03', '2022-12-31'], workOn: [] },
        { en: 'Spring Festival', zh: '春节', off: ['2022-01-31..2022-02-06'], workOn: ['2022-01-29', '2022-01-30'] },
        { en: 'Tomb-sweeping Day', zh: '清明', off: ['2022-04-03..2022-04-05'], workOn: ['2022-04-02'] },
        { en: 'Labour Day', zh: '劳动节', off: ['2022-04-30..2022-05-04'], workOn: ['2022-04-24', '2022-05-07'] },
        { en: 'Dragon Boat Festival', zh: '端午', off: ['2022-06-03..2022-06-05'], workOn: [] },
        { en: 'Mid-autumn Festival', zh: '中秋', off: ['2022-09-10..2022-09-12'], workOn: [] },
        { en: 'National Day', zh: '国庆节', off: ['2022-10-01..2022-10-07'], workOn: ['2022-10-08', '2022-10-09'] },
      ],
    },
    2023: {
      notice: {
        title: '国务院办公厅关于2023年部分节假日安排的通知',
        docNo: '国办发明电〔2022〕16号',
        issuedOn: '2022-12-08',
      },
      festivals: [
        { en: "New Year's Day", zh: '元旦', off: ['2023-01-01..2023-01-02'], workOn: [] },
        { en: 'Spring Festival', zh: '春节', off: ['2023-01-21..2023-01-27'], workOn: ['2023-01-28', '2023-01-29'] },
        { en: 'Tomb-sweeping Day', zh: '清明', off: ['2023-04-05'], workOn: [] },
        { en: 'Labour Day', zh: '劳动节', off: ['2023-04-29..2023-05-03'], workOn: ['2023-04-23', '2023-05-06'] },
        { en: 'Dragon Boat Festival', zh: '端午', off: ['2023-06-22..2023-06-24'], workOn: ['2023-06-25'] },
        { en: 'Mid-autumn Festival', zh: '中秋', off: ['2023-09-29'], workOn: [] },
        { en: 'National Day', zh: '国庆节', off: ['2023-09-30..2023-10-06'], workOn: ['2023-10-07', '2023-10-08'] },
      ],
    },
    2024: {
      notice: {
        title: '国务院办公厅关于2024年部分节假日安排的通知',
        docNo: '国办发明电〔2023〕7号',
        issuedOn: '2023-10-25',
      },
      festivals: [
        { en: "New Year's Day", zh: '元旦', off: ['2024-01-01'], workOn: [] },
        { en: 'Spring Festival', zh: '春节', off: ['2024-02-10..2024-02-17'], workOn: ['2024-02-04', '2024-02-18'] },
        { en: 'Tomb-sweeping Day', zh: '清明', off: ['2024-04-04..2024-04-06'], workOn: ['2024-04-07'] },
        { en: 'Labour Day', zh: '劳动节', off: ['2024-05-01..2024-05-05'], workOn: ['2024-04-28', '2024-05-11'] },
        { en: 'Dragon Boat Festival', zh: '端午', off: ['2024-06-10'], workOn: [] },
        { en: 'Mid-autumn Festival', zh: '中秋', off: ['2024-09-15..2024-09-17'], workOn: ['2024-09-14'] },
        { en: 'National Day', zh: '国庆节', off: ['2024-10-01..2024-10-07'], workOn: ['2024-09-29', '2024-10-12'] },
      ],
    },
    2025: {
      notice: {
        title: '国务院办公厅关于2025年部分节假日安排的通知',
        docNo: '国办发明电〔2024〕12号',
        issuedOn: '2024-11-12',
      },
      festivals: [
        { en: "New Year's Day", zh: '元旦', off: ['2025-01-01'], workOn: [] },
        { en: 'Spring Festival', zh: '春节', off: ['2025-01-28..2025-02-04'], workOn: ['2025-01-26', '2025-02-08'] },
        { en: 'Tomb-sweeping Day', zh: '清明', off: ['2025-04-04..2025-04-06'], workOn: [] },
        { en: 'Labour Day', zh: '劳动节', off: ['2025-05-01..2025-05-05'], workOn: ['2025-04-27'] },
        { en: 'Dragon Boat Festival', zh: '端午', off: ['2025-05-31..2025-06-02'], workOn: [] },
        {
          en: 'National Day',
          zh: '国庆节',
          off: ['2025-10-01..2025-10-05', '2025-10-07..2025-10-08'],
          workOn: ['2025-09-28', '2025-10-11'],
        },
        { en: 'Mid-autumn Festival', zh: '中秋', off: ['2025-10-06'], workOn: [] },
      ],
    },
    2026: {
      notice: {
        title: '国务院办公厅关于2026年部分节假日安排的通知',
        docNo: '国办发明电〔2025〕7号',
        issuedOn: '2025-11-04',
      },
      festivals: [
        { en: "New Year's Day", zh: '元旦', off: ['2026-01-01..2026-01-03'], workOn: ['2026-01-04'] },
        { en: 'Spring Festival', zh: '春节', off: ['2026-02-15..2026-02-23'], workOn: ['2026-02-14', '2026-02-28'] },
        { en: 'Tomb-sweeping Day', zh: '清明', off: ['2026-04-04..2026-04-06'], workOn: [] },
        { en: 'Labour Day', zh: '劳动节', off: ['2026-05-01..2026-05-05'], workOn: ['2026-05-09'] },
        { en: 'Dragon Boat Festival', zh: '端午', off: ['2026-06-19..2026-06-21'], workOn: [] },
        { en: 'Mid-autumn Festival', zh: '中秋', off: ['2026-09-25..2026-09-27'], workOn: [] },
        { en: 'National Day', zh: '国庆节', off: ['2026-10-01..2026-10-07'], workOn: ['2026-09-20', '2026-10-10'] },
      ],
    },
  },
};
