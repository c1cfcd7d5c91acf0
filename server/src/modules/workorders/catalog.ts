/**
 * A standard starting catalogue for a county: common rural-governance matters with their first
 * handling level and time limits, and the city departments they go to. An administrator installs
 * it with one click and then edits it; nothing here is Zhangjiagang-specific.
 */
import type { HandlerLevel, TimeLimit } from './rules';

export const STANDARD_UNITS = [
  { key: 'cg', name: '城市管理（综合行政执法）局', leaderName: '值班科长' },
  { key: 'sw', name: '水务局', leaderName: '值班科长' },
  { key: 'hb', name: '生态环境局', leaderName: '值班科长' },
  { key: 'zj', name: '住房和城乡建设局', leaderName: '值班科长' },
  { key: 'jt', name: '交通运输局', leaderName: '值班科长' },
  { key: 'yj', name: '应急管理局', leaderName: '值班科长' },
  { key: 'sj', name: '市场监督管理局', leaderName: '值班科长' },
  { key: 'rs', name: '人力资源和社会保障局', leaderName: '值班科长' },
] as const;
export type UnitKey = (typeof STANDARD_UNITS)[number]['key'];

export interface StandardCategory {
  code: string;
  name: string;
  parent?: string;
  level?: HandlerLevel;
  unit?: UnitKey;
  sign?: TimeLimit;
  resolve?: TimeLimit;
  emergency?: boolean;
  autoDispatch?: boolean;
  description?: string;
  /** Relative frequency in the demo data. */
  weight?: number;
}

const h = (amount: number): TimeLimit => ({ amount, unit: 'hours' });
const wd = (amount: number): TimeLimit => ({ amount, unit: 'working_days' });

export const STANDARD_CATEGORIES: StandardCategory[] = [
  { code: 'HJWS', name: '环境卫生' },
  { code: 'HJWS-LJ', parent: 'HJWS', name: '垃圾堆放与清运', level: 'grid', sign: h(24), resolve: wd(3), autoDispatch: true, weight: 18 },
  { code: 'HJWS-WS', parent: 'HJWS', name: '生活污水外溢', level: 'village', sign: h(24), resolve: wd(3), weight: 5 },
  { code: 'HJWS-GC', parent: 'HJWS', name: '公厕保洁', level: 'village', sign: h(24), resolve: wd(2), weight: 3 },
  { code: 'DLSS', name: '道路设施' },
  { code: 'DLSS-LM', parent: 'DLSS', name: '路面破损坑洼', level: 'town', sign: h(24), resolve: wd(5), weight: 8 },
  { code: 'DLSS-LD', parent: 'DLSS', name: '路灯不亮', level: 'village', sign: h(24), resolve: wd(5), weight: 6 },
  { code: 'DLSS-JG', parent: 'DLSS', name: '井盖缺失破损', level: 'department', unit: 'cg', sign: h(1), resolve: h(4), emergency: true, weight: 2 },
  { code: 'LLJF', name: '邻里纠纷' },
  { code: 'LLJF-XL', parent: 'LLJF', name: '相邻关系纠纷', level: 'grid', sign: h(24), resolve: wd(5), weight: 7 },
  { code: 'LLJF-JT', parent: 'LLJF', name: '家庭婚姻纠纷', level: 'village', sign: h(24), resolve: wd(5), weight: 3 },
  { code: 'LLJF-TD', parent: 'LLJF', name: '土地承包纠纷', level: 'town', sign: h(48), resolve: wd(10), weight: 2 },
  { code: 'WZDJ', name: '违章搭建' },
  { code: 'WZDJ-XJ', parent: 'WZDJ', name: '新增违法建设', level: 'village', sign: h(24), resolve: wd(5), weight: 5 },
  { code: 'WZDJ-ZF', parent: 'WZDJ', name: '违建拆除执法', level: 'department', unit: 'cg', sign: h(24), resolve: wd(10), weight: 2 },
  { code: 'HDGH', name: '河道管护' },
  { code: 'HDGH-PW', parent: 'HDGH', name: '河面漂浮物', level: 'grid', sign: h(24), resolve: wd(3), weight: 6 },
  { code: 'HDGH-PF', parent: 'HDGH', name: '违法排污', level: 'department', unit: 'hb', sign: h(12), resolve: wd(5), weight: 2 },
  { code: 'HDGH-DA', parent: 'HDGH', name: '堤岸坍塌险情', level: 'department', unit: 'sw', sign: h(1), resolve: h(24), emergency: true, weight: 1 },
  { code: 'AQYH', name: '安全隐患' },
  { code: 'AQYH-RQ', parent: 'AQYH', name: '燃气泄漏', level: 'department', unit: 'yj', sign: h(1), resolve: h(4), emergency: true, weight: 1 },
  { code: 'AQYH-XF', parent: 'AQYH', name: '消防通道堵塞', level: 'village', sign: h(24), resolve: wd(3), weight: 3 },
  { code: 'AQYH-DW', parent: 'AQYH', name: '危旧房屋', level: 'town', sign: h(24), resolve: wd(5), weight: 1 },
  { code: 'SRZX', name: '市容秩序' },
  { code: 'SRZX-ZD', parent: 'SRZX', name: '占道经营', level: 'village', sign: h(24), resolve: wd(3), weight: 4 },
  { code: 'SRZX-GG', parent: 'SRZX', name: '乱张贴小广告', level: 'grid', sign: h(24), resolve: wd(2), autoDispatch: true, weight: 4 },
  { code: 'SRZX-TC', parent: 'SRZX', name: '车辆乱停放', level: 'village', sign: h(24), resolve: wd(3), weight: 3 },
  { code: 'MSFW', name: '民生服务' },
  { code: 'MSFW-SB', parent: 'MSFW', name: '社保医保咨询', level: 'department', unit: 'rs', sign: h(24), resolve: wd(5), weight: 4 },
  { code: 'MSFW-YL', parent: 'MSFW', name: '养老助残帮扶', level: 'village', sign: h(24), resolve: wd(5), weight: 3 },
  { code: 'MSFW-GS', parent: 'MSFW', name: '供水停水', level: 'department', unit: 'sw', sign: h(4), resolve: wd(1), weight: 2 },
  { code: 'MSFW-SP', parent: 'MSFW', name: '食品安全', level: 'department', unit: 'sj', sign: h(24), resolve: wd(5), weight: 1 },
  { code: 'SJLT', name: '书记论坛事项', description: '“书记讲给书记听”等论坛上提出、需交办督办查办的事项' },
  { code: 'SJLT-FZ', parent: 'SJLT', name: '村级发展难题', level: 'town', sign: h(48), resolve: wd(10), weight: 1 },
  { code: 'SJLT-ZL', parent: 'SJLT', name: '基层治理难题', level: 'town', sign: h(48), resolve: wd(10), weight: 1 },
  { code: 'QT', name: '其他事项', level: 'village', sign: h(24), resolve: wd(5), weight: 2 },
];
