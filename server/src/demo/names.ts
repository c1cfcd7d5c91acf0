/**
 * Realistic Chinese names for the demo data: people (surname frequencies with a southern-Jiangsu
 * flavour, given names in the style of the birth decade), natural villages, enterprises,
 * agencies, state-owned enterprises and financial institutions.
 *
 * Names are built from the county's own name (张家港市 → 张家港…), so any county gets plausible
 * local names; nothing here hard-codes Zhangjiagang.
 */
import { Rng, weightedPicker } from './prng';

export type Sex = 'M' | 'F';

// ---------------------------------------------------------------------------------------------
// Surnames

/**
 * National frequency in ‰ (approximate, 2020 census order) × a regional factor for the
 * Suzhou–Wuxi area, where 顾 钱 陆 沈 朱 徐 周 are far more common than nationally and
 * southern surnames (韦 覃 黎 …) are rare.
 */
const SURNAMES: readonly [surname: string, nationalPerMille: number, regionalFactor: number][] = [
  ['王', 71.2, 0.8], ['李', 70.0, 0.5], ['张', 67.4, 1.0], ['刘', 53.8, 0.45], ['陈', 45.3, 1.7],
  ['杨', 30.8, 1.0], ['黄', 24.5, 1.3], ['赵', 22.9, 0.6], ['吴', 20.5, 1.4], ['周', 20.1, 1.7],
  ['徐', 16.6, 2.0], ['孙', 15.4, 1.1], ['马', 14.3, 0.4], ['朱', 13.4, 2.4], ['胡', 13.1, 0.7],
  ['郭', 11.6, 0.4], ['何', 11.4, 0.6], ['高', 10.6, 0.7], ['林', 11.3, 0.5], ['罗', 10.9, 0.3],
  ['郑', 8.5, 0.8], ['梁', 8.3, 0.3], ['谢', 8.0, 0.7], ['宋', 7.6, 0.8], ['唐', 7.5, 1.0],
  ['许', 7.4, 1.5], ['韩', 6.9, 0.7], ['冯', 6.7, 1.0], ['邓', 6.6, 0.4], ['曹', 6.5, 1.3],
  ['彭', 6.4, 0.6], ['曾', 6.2, 0.3], ['肖', 6.1, 0.4], ['田', 5.9, 0.4], ['董', 5.8, 0.8],
  ['袁', 5.4, 0.9], ['潘', 5.3, 1.2], ['于', 5.2, 0.5], ['蒋', 5.1, 1.8], ['蔡', 5.0, 1.3],
  ['余', 4.9, 0.7], ['杜', 4.8, 0.7], ['叶', 4.7, 1.0], ['程', 4.6, 0.9], ['苏', 4.5, 0.8],
  ['魏', 4.4, 0.6], ['吕', 4.3, 1.0], ['丁', 4.2, 1.5], ['任', 4.1, 0.6], ['沈', 4.0, 5.5],
  ['姚', 3.9, 1.6], ['卢', 3.8, 0.6], ['姜', 3.7, 0.9], ['崔', 3.6, 0.4], ['钟', 3.5, 0.4],
  ['谭', 3.4, 0.3], ['陆', 3.3, 6.5], ['汪', 3.2, 1.2], ['范', 3.1, 1.5], ['金', 3.0, 1.8],
  ['石', 2.9, 0.8], ['廖', 2.8, 0.2], ['贾', 2.7, 0.5], ['夏', 2.6, 1.6], ['韦', 2.5, 0.05],
  ['付', 2.4, 0.5], ['方', 2.3, 1.0], ['白', 2.2, 0.4], ['邹', 2.1, 1.0], ['孟', 2.0, 0.6],
  ['熊', 2.0, 0.4], ['秦', 1.9, 1.5], ['邱', 1.9, 0.6], ['江', 1.8, 1.0], ['尹', 1.8, 0.8],
  ['薛', 1.7, 1.5], ['闫', 1.7, 0.3], ['段', 1.6, 0.5], ['雷', 1.6, 0.4], ['侯', 1.5, 0.5],
  ['龙', 1.5, 0.2], ['史', 1.4, 1.2], ['陶', 1.4, 1.6], ['黎', 1.3, 0.1], ['贺', 1.3, 0.6],
  ['顾', 1.2, 14.0], ['毛', 1.2, 1.2], ['郝', 1.1, 0.3], ['龚', 1.1, 2.2], ['邵', 1.1, 1.8],
  ['万', 1.0, 1.0], ['钱', 1.0, 11.0], ['严', 1.0, 2.5], ['覃', 0.9, 0.02], ['武', 0.9, 0.5],
  ['戴', 0.9, 2.5], ['莫', 0.8, 0.8], ['孔', 0.8, 1.0], ['向', 0.8, 0.3], ['汤', 0.8, 2.2],
  ['施', 0.8, 2.5], ['倪', 0.6, 2.5], ['殷', 0.5, 2.5], ['季', 0.5, 3.0], ['葛', 0.6, 2.0],
  ['缪', 0.3, 3.0], ['瞿', 0.2, 3.0], ['浦', 0.1, 4.0], ['郁', 0.2, 3.0], ['奚', 0.1, 3.0],
  ['欧阳', 0.3, 0.5], ['诸葛', 0.05, 0.5],
];

export const pickSurname = weightedPicker(
  SURNAMES.map(([s]) => s),
  SURNAMES.map(([, perMille, factor]) => perMille * factor),
);

// ---------------------------------------------------------------------------------------------
// Given names by birth era

interface GivenNameStyle {
  /** Share of one-character given names in this era. */
  singleShare: number;
  single: string;
  /** Complete two-character names typical of the era. */
  whole: readonly string[];
  /** Characters combined as first + second for variety. */
  first: string;
  second: string;
}

type EraStyles = { M: GivenNameStyle; F: GivenNameStyle };

const words = (text: string): string[] => text.split(/\s+/).filter(Boolean);

/** Birth years from which each style applies, oldest first. */
const ERAS: readonly [fromYear: number, styles: EraStyles][] = [
  [0, {
    M: { singleShare: 0.05, single: '福根林荣海明生', whole: words('福根 金根 阿根 炳生 根生 永福 德明 志明 荣生 金宝 福林 宝林 洪生 祥林 雪根 耀明 才根 兴福 国良 金海 福祥 秋生 春林 和生 林生 三宝 锦华 士英 仁德 金生'), first: '福金根荣德洪祥永兴宝耀雪秋春士和才林锦仁', second: '根生林明宝福良海祥元泉发才兴荣' },
    F: { singleShare: 0.05, single: '英珍妹娣', whole: words('金娣 秀英 桂英 杏娣 凤英 彩英 小妹 阿妹 林妹 惠珍 秀珍 玉珍 月娥 巧英 兰英 雪英 金妹 杏珍 菊英 美英 仙娣 根娣 招娣 引娣 秀娥 梅英 翠英 素珍 宝珍 凤珍'), first: '秀桂凤金杏彩惠玉月巧兰雪菊美仙素宝翠梅', second: '英娣珍妹娥芳花宝凤兰' },
  }],
  [1950, {
    M: { singleShare: 0.08, single: '军华明强平伟忠', whole: words('建国 建华 国强 卫国 国平 国兴 建平 建明 建新 振华 新华 跃进 红军 解放 国庆 建中 卫东 文华 志刚 志强 永康 金龙 建林 宏伟 建忠 国良 建荣 惠明 文明 秋林'), first: '建国卫振新跃红志永文金惠秋明德', second: '国华强平兴明新中东刚康龙林忠荣良清根生' },
    F: { singleShare: 0.08, single: '红英芳萍琴', whole: words('秀英 红英 建英 美华 玉兰 桂芳 红梅 秀芳 惠芬 美芳 凤英 建芬 文英 丽华 雪芬 金凤 小英 惠英 月芳 玉英 红芳 秀兰 彩芬 菊芬 美琴 巧珍 琴芬 雪琴 惠琴 根娣'), first: '秀红建美玉桂惠凤文丽雪金小月彩菊巧琴亚', second: '英华兰芳梅芬凤琴珍娣萍妹' },
  }],
  [1965, {
    M: { singleShare: 0.2, single: '军伟勇斌强华明峰刚杰', whole: words('建军 卫东 志强 国华 伟东 建新 海峰 晓东 明华 建伟 永明 卫国 建忠 志明 春华 海明 建峰 晓峰 红兵 建华 国平 新民 振宇 金华 耀东 伟民 正华 忠良 学军 小平'), first: '建卫志国伟海晓明永春红新振金耀正忠学小文雪', second: '军东强华峰明伟忠兵民宇平刚林荣锋清' },
    F: { singleShare: 0.2, single: '丽燕敏芳霞红静娟萍英', whole: words('丽华 红梅 雪芬 晓燕 美英 春燕 建芳 丽萍 海燕 秀芳 惠琴 小红 丽娟 玉芳 雪梅 红霞 春红 晓红 建英 亚芬 燕萍 丽芳 秋萍 红燕 美娟 晓英 文娟 雪英 彩萍 惠芳'), first: '丽红雪晓美春建海秀惠小玉亚燕秋文彩金月素', second: '华梅芬燕英芳萍琴红娟霞玲凤' },
  }],
  [1980, {
    M: { singleShare: 0.35, single: '磊涛鹏杰超斌波晨俊亮勇军伟强鑫峰浩宇', whole: words('志伟 晓峰 建锋 海涛 俊杰 晓东 鹏飞 振华 文杰 晓明 剑锋 立新 永杰 国栋 建东 伟杰 海峰 晓伟 建伟 志刚 晓龙 振宇 文斌 佳伟 嘉伟 云峰 春雷 天宇 家明 敏杰'), first: '志晓建海俊鹏振文剑立永国伟天嘉家敏佳云春', second: '伟峰锋涛杰东飞华明新栋刚龙宇斌辉军亮平超' },
    F: { singleShare: 0.35, single: '婷洁琳莉娜倩佳雯静敏燕丽芳', whole: words('晓燕 丽娟 雅婷 佳丽 晓婷 丽丽 春燕 雪梅 海燕 丽华 晓敏 玉婷 燕萍 梦婷 晓琳 秋月 小燕 美玲 晓丽 婷婷 静怡 晓静 亚萍 芳芳 莉莉 红艳 金燕 雪琴 佳佳 敏敏'), first: '晓丽雅佳春雪海玉燕梦秋小美婷静亚芳莉琳红', second: '燕娟婷丽梅敏琳月玲静华芳洁莉娜倩霞红萍' },
  }],
  [1990, {
    M: { singleShare: 0.25, single: '浩宇杰鑫晨磊凯超强', whole: words('俊杰 佳豪 文杰 晨阳 家豪 志豪 天宇 嘉伟 凯文 子健 宇航 鑫磊 浩宇 晓宇 俊豪 伟杰 明杰 鹏程 文博 晨浩 嘉豪 一帆 思远 宇杰 杰豪 子豪 天成 浩杰 俊宇 家乐'), first: '俊佳文晨家志天嘉凯子宇鑫浩晓伟明鹏博思一', second: '杰豪阳宇伟文健航磊程博浩涛辉成凯鑫晨' },
    F: { singleShare: 0.25, single: '婷雪颖倩雨琪佳洁雯敏', whole: words('雨婷 佳怡 思雨 梦瑶 婷婷 佳琪 梦婷 晓雯 诗雨 欣怡 雯雯 丹丹 倩倩 佳佳 思佳 雅琪 晓倩 嘉怡 心怡 馨予 文静 亦舒 怡婷 琳琳 颖洁 梦洁 佳颖 雨晴 思琪 晓颖'), first: '雨佳思梦婷诗欣雯丹倩雅晓嘉心馨文亦怡琳颖', second: '婷怡雨瑶琪雯倩佳琳颖洁敏丹悦欣莹蕾静' },
  }],
  [2000, {
    M: { singleShare: 0.08, single: '浩宇轩睿哲', whole: words('子豪 浩然 宇轩 俊杰 梓轩 浩宇 宇航 博文 天佑 皓轩 子骞 一鸣 逸飞 思远 俊熙 奕辰 文轩 梓豪 宇豪 铭轩 嘉懿 泽宇 睿哲 晨阳 博涵 子轩 浩轩 家乐 天翊 俊宇'), first: '子浩宇俊梓博天皓一逸思嘉文铭奕睿泽晨', second: '豪然轩杰宇航文佑鸣飞远熙辰泽睿阳博凡' },
    F: { singleShare: 0.08, single: '萱琪悦彤妍', whole: words('欣怡 雨涵 诗琪 梓涵 子涵 思琪 佳怡 雨萱 紫萱 欣妍 可欣 梦琪 语嫣 诗涵 晨曦 雨欣 佳琪 静怡 馨怡 一诺 若曦 依依 沐晴 嘉怡 雨彤 梦瑶 思涵 紫涵 佳悦 雅琪'), first: '欣雨诗梓子思佳紫可梦语晨静馨嘉一若依沐', second: '怡涵琪萱妍欣嫣曦瑶彤雯悦琳菲然诺' },
  }],
  [2010, {
    M: { singleShare: 0.05, single: '睿宸泽诺轩', whole: words('梓睿 沐宸 浩宇 奕辰 宇泽 一诺 子墨 梓豪 睿泽 宇轩 沐阳 浩然 锦程 皓轩 俊熙 梓航 嘉佑 铭泽 亦辰 承泽 煜城 景行 逸宸 梓铭 博衍 子默 宸睿 星辰 沐辰 瑾瑜'), first: '梓沐浩奕宇一子睿锦皓俊嘉铭亦承逸煜景', second: '睿宸宇辰泽诺墨豪阳然程轩熙航佑川霖铭' },
    F: { singleShare: 0.05, single: '诺萱汐妍桐', whole: words('一诺 梓涵 可馨 欣妍 若汐 语桐 依诺 梓萱 沐晴 诗涵 雨桐 芷若 悦溪 安然 欣怡 思妍 语汐 若曦 梓琪 芊芊 书瑶 佳宁 梦琪 语嫣 知夏 清欢 念念 安琪 子衿 星语'), first: '一梓可欣若语依沐诗雨芷悦安思芊梦书佳', second: '诺涵馨妍汐桐萱晴若溪然怡曦琪瑶宁悦' },
  }],
];

function styleFor(sex: Sex, birthYear: number): GivenNameStyle {
  let styles = (ERAS[0] as [number, EraStyles])[1];
  for (const [fromYear, eraStyles] of ERAS) if (birthYear >= fromYear) styles = eraStyles;
  return styles[sex];
}

export function givenName(rng: Rng, sex: Sex, birthYear: number): string {
  const style = styleFor(sex, birthYear);
  if (rng.chance(style.singleShare)) return rng.pick([...style.single]);
  if (rng.chance(0.55)) return rng.pick(style.whole);
  const first = rng.pick([...style.first]);
  let second = rng.pick([...style.second]);
  // A random pair must not double a character by accident (婷婷-style names come from `whole`).
  while (second === first) second = rng.pick([...style.second]);
  return first + second;
}

export function personName(rng: Rng, sex: Sex, birthYear: number, surname: string = pickSurname(rng)): string {
  return surname + givenName(rng, sex, birthYear);
}

// ---------------------------------------------------------------------------------------------
// Place-name helpers

const PROVINCE_SHORT: Record<string, string> = {
  '11': '北京', '12': '天津', '13': '河北', '14': '山西', '15': '内蒙古', '21': '辽宁', '22': '吉林',
  '23': '黑龙江', '31': '上海', '32': '江苏', '33': '浙江', '34': '安徽', '35': '福建', '36': '江西',
  '37': '山东', '41': '河南', '42': '湖北', '43': '湖南', '44': '广东', '45': '广西', '46': '海南',
  '50': '重庆', '51': '四川', '52': '贵州', '53': '云南', '54': '西藏', '61': '陕西', '62': '甘肃',
  '63': '青海', '64': '宁夏', '65': '新疆',
};

export function provinceShortName(countyCode: string): string {
  return PROVINCE_SHORT[countyCode.slice(0, 2)] ?? '';
}

/** 张家港市 → 张家港, 东城区 → 东城, 沛县 → 沛县 (a one-character stem keeps its suffix). */
export function countyShortName(countyName: string): string {
  const stem = countyName.replace(/(自治县|自治旗|市|县|区|旗)$/, '');
  return stem.length >= 2 ? stem : countyName;
}

/** The village's everyday name: 善港村委会 → 善港村, 十一圩港村村民委员会 → 十一圩港村, 中港社区居委会 → 中港社区. */
export function shortVillageName(name: string): string {
  let short = name;
  if (/村民委员会$/.test(short)) short = short.replace(/村民委员会$/, '村');
  else if (/村委会$/.test(short)) short = short.replace(/村委会$/, '村');
  else if (/(社区)?(居民委员会|居委会)$/.test(short)) short = short.replace(/(社区)?(居民委员会|居委会)$/, '社区');
  return short.replace(/村村$/, '村');
}

/** A town's name inside its county: 张家港经济技术开发区 → 经济技术开发区, 杨舍镇 stays. */
export function townLocalName(townName: string, countyName: string): string {
  for (const prefix of [countyName, countyShortName(countyName)]) {
    if (townName.startsWith(prefix) && townName.length > prefix.length + 1) return townName.slice(prefix.length).replace(/^市/, '');
  }
  return townName;
}

/** Stem for branch names: 杨舍镇 → 杨舍, 金港街道 → 金港, 张家港保税区 → 保税区. */
export function townStem(townName: string, countyName: string): string {
  const local = townLocalName(townName, countyName);
  const stem = local.replace(/(街道|镇|乡)$/, '');
  return stem.length >= 2 ? stem : local;
}

/**
 * Prefix for a party organisation's formal name: the county, then the town, unless the town's
 * own name already starts with the county's (中共张家港经济技术开发区…, not 中共张家港市张家港…).
 */
export function partyNamePrefix(countyName: string, townName: string): string {
  return townName.startsWith(countyShortName(countyName)) ? townName : countyName + townName;
}

// ---------------------------------------------------------------------------------------------
// Natural villages (自然村) and residential estates

const DIRECTIONS = '东西南北前后中';
const PLACE_FIRST = '大小新老长高河塘桥港沙圩泾湾墩庙杨柳桑竹梅荷石金银永太福安兴蒋鹿';
const PLACE_SUFFIX = '庄巷宅埭圩泾港墩浜里湾桥头塘';
const CLAN_SUFFIX = '宅巷埭桥湾浜村场';
const NUMERALS = words('一 二 三 四 五 六 七 八 九 十 十一 十二 十三 十四 十五');
const ESTATE_FIRST = words('金港 长江 香山 沙洲 暨阳 梁丰 锦丰 东湖 滨江 阳光 幸福 和谐 丰收 东城 西苑 南园 北辰 华庭 怡景 紫荆 海棠 玉兰 春晖 翠竹 明珠 新港');
const ESTATE_SUFFIX = words('花园 苑 新村 家园 小区 公寓 雅苑 嘉园 名邸 佳园');

function naturalVillageName(rng: Rng): string {
  const style = rng.next();
  if (style < 0.3) return pickSurname(rng).slice(0, 1) + '家' + rng.pick([...CLAN_SUFFIX]); // 陈家宅
  if (style < 0.55) return rng.pick([...DIRECTIONS]) + rng.pick([...'庄宅埭巷村圩']); // 东庄
  if (style < 0.6) return rng.pick(NUMERALS) + '圩'; // 六圩: reclaimed-land numbering along the Yangtze
  return rng.pick([...PLACE_FIRST]) + rng.pick([...PLACE_SUFFIX]); // 杨庄, 沙港
}

function estateName(rng: Rng): string {
  const first = rng.pick(ESTATE_FIRST);
  let suffix = rng.pick(ESTATE_SUFFIX);
  while (first.endsWith(suffix.slice(0, 1))) suffix = rng.pick(ESTATE_SUFFIX); // no 西苑苑
  return first + suffix;
}

/** `count` distinct names: hamlets for villages, residential estates for communities. */
export function naturalVillageNames(rng: Rng, count: number, isCommunity: boolean): string[] {
  const names = new Set<string>();
  for (let attempt = 0; names.size < count; attempt++) {
    let name = isCommunity ? estateName(rng) : naturalVillageName(rng);
    // The pools are finite; after many clashes, number the name rather than loop forever.
    if (attempt > count * 20) name += String(names.size + 1);
    names.add(name);
  }
  return [...names];
}

// ---------------------------------------------------------------------------------------------
// Organisations

export interface CountyNaming {
  countyCode: string;
  countyName: string; // 张家港市
}

const TRADE_NAME_CHARS = '华盛永鑫恒达富瑞宏亚新联兴港泰锦隆东海天金宇澳嘉沙洲长江润康丰源博伟力信诚越晨光中德宝通广凯';
const INDUSTRIES: readonly [industry: string, weight: number][] = [
  ['机械', 10], ['纺织', 8], ['化工', 5], ['电子', 5], ['冶金', 3], ['新材料', 4], ['服饰', 4], ['食品', 4],
  ['包装', 3], ['建材', 3], ['精密机械', 4], ['智能装备', 4], ['纸业', 2], ['塑业', 3], ['物流', 4],
  ['化纤', 3], ['五金', 4], ['电器', 3], ['光电', 2], ['环保科技', 3], ['生物科技', 2], ['汽车零部件', 3],
  ['钢结构', 2], ['毛纺', 2], ['制衣', 3], ['针织', 3], ['液压', 2], ['重工', 2], ['轴承', 1], ['农业科技', 2],
];
const pickIndustry = weightedPicker(INDUSTRIES.map(([i]) => i), INDUSTRIES.map(([, w]) => w));

function tradeName(rng: Rng): string {
  const first = rng.pick([...TRADE_NAME_CHARS]);
  let second = rng.pick([...TRADE_NAME_CHARS]);
  while (second === first) second = rng.pick([...TRADE_NAME_CHARS]);
  return first + second;
}

/** 张家港市华盛机械有限公司, 江苏永鑫纺织股份有限公司, 张家港恒达物流有限公司 … */
export function enterpriseName(rng: Rng, naming: CountyNaming): string {
  const style = rng.next();
  const body = tradeName(rng) + pickIndustry(rng);
  const province = provinceShortName(naming.countyCode);
  if (style < 0.6) return `${naming.countyName}${body}有限公司`;
  if (style < 0.75 && province) return `${province}${body}股份有限公司`;
  if (style < 0.85 && province) return `${province}${body}集团有限公司`;
  return `${countyShortName(naming.countyName)}${body}有限公司`;
}

/** County-level party and government agencies (党委部门、政府工作部门、群团组织): about forty. */
export function agencyNames(naming: CountyNaming): string[] {
  const c = naming.countyName;
  // 中共张家港市委组织部, 中共东城区委组织部, but 中共沛县县委组织部.
  const partyCommittee = `中共${c}${c.endsWith('县') ? '县' : ''}委`;
  const partyOrgans = [
    `中共${c}纪律检查委员会`,
    ...words('组织部 宣传部 统战部 政法委员会 社会工作部').map((dept) => partyCommittee + dept),
  ];
  const bureaus = words(
    '发展和改革委员会 教育局 科学技术局 工业和信息化局 公安局 民政局 司法局 财政局 人力资源和社会保障局 ' +
      '自然资源和规划局 住房和城乡建设局 交通运输局 水务局 农业农村局 商务局 文体广电和旅游局 卫生健康委员会 ' +
      '退役军人事务局 应急管理局 审计局 市场监督管理局 统计局 医疗保障局 城市管理局 数据局 信访局 行政审批局 ' +
      '机关事务管理局 人民法院 人民检察院',
  ).map((bureau) => c + bureau);
  const massOrganizations = words('总工会 妇女联合会 科学技术协会 残疾人联合会 供销合作总社').map((org) => c + org);
  return [...partyOrgans, `共青团${c}委员会`, ...bureaus, ...massOrganizations];
}

/** County state-owned groups. */
export function soeNames(naming: CountyNaming): string[] {
  const c = naming.countyName;
  return words(
    '国有资本投资集团 城市投资发展集团 水务集团 交通投资集团 文化旅游发展集团 农业发展集团 公共交通集团 ' +
      '产业资本投资集团 城乡一体化建设集团 市政建设集团 粮食购销集团 医疗健康投资集团 教育投资发展集团 数字科技集团 港城建设发展集团',
  ).map((s) => `${c}${s}有限公司`);
}

/** Banks with a county branch (分行) and town sub-branches (支行), and how often they open one in a town. */
const BANKS: readonly [bank: string, townShare: number][] = [
  ['中国农业银行', 0.85],
  ['中国工商银行', 0.6],
  ['中国建设银行', 0.55],
  ['中国银行', 0.55],
  ['交通银行', 0.3],
  ['中国邮政储蓄银行', 0.75],
  ['江苏银行', 0.35],
  ['苏州银行', 0.35],
  ['南京银行', 0.2],
  ['中信银行', 0.15],
  ['招商银行', 0.15],
  ['兴业银行', 0.15],
  ['上海浦东发展银行', 0.15],
  ['中国民生银行', 0.1],
];

export interface FinancialInstitutionName {
  name: string;
  /** null: county-level (分行 / head office); otherwise the town it serves. */
  townCode: string | null;
}

/**
 * The county's financial institutions: the local rural commercial bank's head office and one
 * sub-branch in every town (so every town has at least one), the big banks' county branches,
 * their town sub-branches, and a few insurers and a guarantee company.
 */
export function financialInstitutionNames(rng: Rng, naming: CountyNaming, towns: readonly { code: string; name: string }[]): FinancialInstitutionName[] {
  const short = countyShortName(naming.countyName);
  const ruralBank = `${short}农村商业银行`;
  const result: FinancialInstitutionName[] = [{ name: `${provinceShortName(naming.countyCode)}${ruralBank}股份有限公司`, townCode: null }];
  for (const [bank] of BANKS) result.push({ name: `${bank}股份有限公司${short}分行`, townCode: null });
  for (const town of towns) {
    const stem = townStem(town.name, naming.countyName);
    result.push({ name: `${ruralBank}${stem}支行`, townCode: town.code });
    for (const [bank, share] of BANKS) {
      if (rng.chance(share)) result.push({ name: `${bank}${short}${stem}支行`, townCode: town.code });
    }
  }
  for (const insurer of ['中国人民财产保险股份有限公司', '中国人寿保险股份有限公司', '中华联合财产保险股份有限公司']) {
    result.push({ name: `${insurer}${short}支公司`, townCode: null });
  }
  result.push({ name: `${naming.countyName}农业融资担保有限公司`, townCode: null });
  return result;
}
