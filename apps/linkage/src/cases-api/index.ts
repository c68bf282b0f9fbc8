export { CasesApiModule } from './cases-api.module.js';
export { CASES_API_OPTIONS, type CasesApiOptions } from './cases-api.options.js';
export {
  caseResolvedEvent,
  contractFindings,
  linkageEventSigner,
  signedLinkageEvent,
  thresholdPairs,
  type LinkageCaseBlock,
  type LinkageEventData,
  type LinkageEventSigner,
  type LinkageFinding,
  type SignedLinkageEvent,
} from './case-resolved-event.js';
export { CASE_RESOLUTIONS } from './case-resolutions.js';
