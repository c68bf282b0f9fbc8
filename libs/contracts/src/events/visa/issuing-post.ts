import { NATIONALITIES } from '../../code-lists/nationalities.js';
import { Doc } from '../../schema/annotations.js';
import { Code, OneOf, Text } from '../../validation/fields.js';
import { Optional } from '../../validation/rules.js';

/**
 * Kinds of visa-issuing post: Chinese embassies and consulates abroad, the visa offices of the
 * Commissioner's Offices of the Ministry of Foreign Affairs in Hong Kong and Macao, and the port visa
 * offices that public security runs at designated ports of entry.
 */
export const ISSUING_POST_KINDS = ['embassy', 'consulate', 'commissioner-office', 'port'] as const;
export type IssuingPostKind = (typeof ISSUING_POST_KINDS)[number];

/** The visa office that decided on a visa application. */
@Doc('The visa office that decided the application', '受理并作出签证决定的签证机关')
export class IssuingPost {
  @Doc(
    "Kind of post: embassy; consulate (general); commissioner-office (visa office of the MFA Commissioner's Office in Hong Kong or Macao); port (port visa office of public security)",
    '签证机关类别：embassy 驻外使馆；consulate 驻外（总）领馆；commissioner-office 外交部驻香港、澳门特派员公署签证处；port 公安机关口岸签证机关',
  )
  @OneOf(ISSUING_POST_KINDS)
  kind: IssuingPostKind;

  @Doc(
    'Official name of the post, e.g. "Embassy of the PRC in France" or "Shanghai Pudong Airport Port Visa Office"',
    '签证机关正式名称，如“中华人民共和国驻法国大使馆”“上海浦东机场口岸签证处”',
  )
  @Text(200)
  name: string;

  @Doc(
    'Country or region where the post is located, ISO 3166-1 alpha-3 (FRA, HKG; CHN for a port visa office)',
    '签证机关所在国家或地区（ISO 3166-1 三字母代码，如 FRA、HKG；口岸签证机关为 CHN）',
  )
  @Optional()
  @Code(NATIONALITIES)
  country?: string;
}
