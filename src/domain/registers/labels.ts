/** Chinese labels of the registers' value sets, shown by the web and used in the notice's wording. */
import type {
  AccountabilityTrack,
  ClueDisposal,
  ClueRecipient,
  ClueStatus,
  CountAs,
  FourFormsCategory,
  MeetingKind,
  RuleAction,
  WorkEventKind,
} from './types.js';

export const TRACK_ZH: Record<AccountabilityTrack, string> = { party: '党纪处分', government: '政务处分', organisational: '组织处理' };
export const CATEGORY_ZH: Record<FourFormsCategory, string> = { 1: '第一种形态', 2: '第二种形态', 3: '第三种形态', 4: '第四种形态' };
export const COUNT_AS_ZH: Record<CountAs, string> = { person: '人次', matter: '件' };
export const RULE_ACTION_ZH: Record<RuleAction, string> = { made: '制定', revised: '修订', abolished: '废止' };
export const CLUE_RECIPIENT_ZH: Record<ClueRecipient, string> = { discipline: '纪委监委', organisation: '组织部', other: '其他部门' };
export const CLUE_DISPOSAL_ZH: Record<ClueDisposal, string> = {
  inquiry: '谈话函询',
  preliminary: '初步核实',
  case: '立案审查',
  shelved: '暂存待查',
  concluded_off: '予以了结',
};
export const CLUE_STATUS_ZH: Record<ClueStatus, string> = { received: '已接收', in_progress: '办理中', concluded: '已办结' };
export const WORK_EVENT_KIND_ZH: Record<WorkEventKind, string> = {
  leading_group: '成立领导小组',
  plan: '审议通过整改方案',
  meeting: '召开会议',
  supervision: '督导检查',
  other: '其他工作',
};
export const MEETING_KIND_ZH: Record<MeetingKind, string> = {
  party_group: '党组（党委）会',
  democratic_life: '专题民主生活会',
  scheduling: '调度会',
  promotion: '推进会',
  other: '其他会议',
};
