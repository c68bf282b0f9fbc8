import { randomUUID } from 'node:crypto';
import { decision, inbound, readDecision, type AgencyAdapterDefinition } from '@hub/agency-kit';
import { HubError } from '@hub/contracts';
import { CreateVisaRecords1764860000100 } from './migrations/1764860000100-create-visa-records.js';

const CODE = /^[A-Z0-9][A-Z0-9-]{0,39}$/;
const VISA_NO = /^[A-Z0-9][A-Z0-9-]{0,19}$/;
const COUNTRY = /^[A-Z]{3}$/;

interface Notice {
  noticeNo: string;
  holder: { passportNo: string; nationality: string; birthDate: string; name: string };
  employerName: string;
  position: string;
  permitClass: string;
  visaCategory: string;
  issuedOn: string;
  validUntil: string;
}

interface VisaIssued {
  noticeNo: string;
  visaNo: string;
  entries: string;
  issuedOn: string;
  validFrom: string;
  validTo: string;
  durationOfStayDays: number;
  issuingPost: { kind: string; name: string; country?: string };
}

interface NoticeRow {
  region: string;
  visa_category: string;
  passport_no: string;
  nationality: string;
  birth_date: string;
  holder_name: string;
  visa_no: string | null;
}

/**
 * Foreign affairs (the consular department, agency `mfa`): it receives the work-permit notices a Z
 * visa rests on into its own tables, and its posts' visas issued on them go back through the hub as
 * signed `visa.issued` events. Everything else is the agency kit's.
 */
export const MFA_ADAPTER: AgencyAdapterDefinition = {
  app: 'mfa-adapter',
  agency: {
    defaultId: 'mfa',
    idPattern: /^mfa$/,
    idRule: 'must be mfa, the consular department of foreign affairs',
    name: 'foreign affairs',
  },
  httpPort: 8085,
  migrations: [CreateVisaRecords1764860000100],
  receive: {
    'work-permit.notice-issued': inbound<Notice>({
      version: 1,
      read: (event) => ({
        noticeNo: event.matching('data.noticeNo', CODE),
        holder: {
          passportNo: event.text('data.holder.passportNo', 40),
          nationality: event.matching('data.holder.nationality', COUNTRY),
          birthDate: event.date('data.holder.birthDate'),
          name: event.text('data.holder.name', 200),
        },
        employerName: event.text('data.employer.name', 200),
        position: event.text('data.position', 200),
        permitClass: event.oneOf('data.permitClass', ['A', 'B', 'C']),
        visaCategory: event.text('data.visaCategory', 4),
        issuedOn: event.date('data.issuedOn'),
        validUntil: event.date('data.validUntil'),
      }),
      apply: async (tx, { id, time, subject, region, fields: n }) => {
        await tx.query(
          `INSERT INTO work_permit_notices (notice_no, subject_id, nationality, passport_no, holder_name, birth_date, employer_name,
              position, permit_class, visa_category, issued_on, valid_until, region, source_event_id, event_time)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT (notice_no) DO NOTHING`,
          [
            n.noticeNo,
            subject,
            n.holder.nationality,
            n.holder.passportNo,
            n.holder.name,
            n.holder.birthDate,
            n.employerName,
            n.position,
            n.permitClass,
            n.visaCategory,
            n.issuedOn,
            n.validUntil,
            region,
            id,
            time,
          ],
        );
        await tx.query(
          `INSERT INTO visa_applicants AS a (nationality, passport_no, latest_notice_no, notices) VALUES ($1, $2, $3, 1)
           ON CONFLICT (nationality, passport_no) DO UPDATE SET latest_notice_no = EXCLUDED.latest_notice_no,
             notices = a.notices + 1, updated_at = now()`,
          [n.holder.nationality, n.holder.passportNo, n.noticeNo],
        );
      },
    }),
  },
  publish: [
    decision<VisaIssued>({
      path: 'v1/visas',
      parse: (body) =>
        readDecision(body, (r) => ({
          noticeNo: r.matching('noticeNo', CODE),
          visaNo: r.matching('visaNo', VISA_NO),
          entries: r.oneOf('entries', ['single', 'double', 'multiple']),
          issuedOn: r.date('issuedOn'),
          validFrom: r.date('validFrom'),
          validTo: r.date('validTo'),
          durationOfStayDays: r.wholeNumber('durationOfStayDays', 0, 180),
          issuingPost: {
            kind: r.oneOf('issuingPost.kind', ['embassy', 'consulate', 'commissioner-office']),
            name: r.text('issuingPost.name', 200),
            ...(r.at('issuingPost.country') === undefined ? {} : { country: r.matching('issuingPost.country', COUNTRY) }),
          },
        })),
      decide: async (tx, visa, { decidedBy }) => {
        const [notice] = await tx.query<NoticeRow[]>(
          `SELECT n.region, n.visa_category, n.passport_no, n.nationality, to_char(n.birth_date, 'YYYY-MM-DD') AS birth_date,
                  n.holder_name, v.visa_no
             FROM work_permit_notices n LEFT JOIN visas v ON v.notice_no = n.notice_no WHERE n.notice_no = $1 FOR UPDATE OF n`,
          [visa.noticeNo],
        );
        if (!notice)
          throw new HubError(
            'NOT_FOUND',
            `No work-permit notice ${visa.noticeNo} has reached foreign affairs: check the number, or wait for the bureau's notice.`,
            { retriable: false },
          );
        if (notice.visa_no)
          throw new HubError('CONFLICT', `Notice ${visa.noticeNo} already has visa ${notice.visa_no}; a visa is issued once per notice.`, {
            retriable: false,
          });
        const event = {
          id: randomUUID(),
          type: 'visa.issued',
          contractVersion: 1,
          region: notice.region,
          dataschema: true,
          correlationId: `visa-${visa.noticeNo}`,
          data: {
            visaNo: visa.visaNo,
            holder: {
              passportNo: notice.passport_no,
              nationality: notice.nationality,
              birthDate: notice.birth_date,
              name: notice.holder_name,
            },
            category: notice.visa_category,
            entries: visa.entries,
            issuedOn: visa.issuedOn,
            validFrom: visa.validFrom,
            validTo: visa.validTo,
            durationOfStayDays: visa.durationOfStayDays,
            issuingPost: visa.issuingPost,
            basedOnNotice: visa.noticeNo,
          },
        };
        await tx.query(
          `INSERT INTO visas (visa_no, notice_no, category, entries, issued_on, valid_from, valid_to, issuing_post, event_id, decided_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            visa.visaNo,
            visa.noticeNo,
            notice.visa_category,
            visa.entries,
            visa.issuedOn,
            visa.validFrom,
            visa.validTo,
            visa.issuingPost.name,
            event.id,
            decidedBy,
          ],
        );
        return event;
      },
    }),
  ],
};
