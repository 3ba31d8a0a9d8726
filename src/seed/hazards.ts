/**
 * Demo hazards (风险隐患排查整治) in 江城市: found by inspection teams, reported by residents and the hotline, registered
 * by the city bureau, a district office or a street; assigned, planned, rectified with photos, checked on site by
 * someone outside the responsible unit (one check fails and goes back), closed out — and some still open, one of them
 * overdue, so the board, the map and the supervision register have something to show. Everything runs through the
 * real use cases with the clock set to each step's instant; the closing sweep marks the overdue rectification, which
 * opens its supervision item. Every place, person and business here is invented.
 */
import { Readable } from 'node:stream';
import type { Runtime } from '../bootstrap.js';
import { addCalendarDays, cstDateOf, startOfDayCst } from '../calendar/dates.js';
import { sweepClocks } from '../clocks/sweep.js';
import { reportHazard } from '../hazards/create.js';
import { performHazardAction } from '../hazards/perform.js';
import { addHazardPhoto, photoTarget } from '../hazards/photos.js';
import type { StaffActor } from '../org/actor.js';
import { Rng } from './random.js';

const HOUR = 3_600_000;
const META = { userAgent: 'minsheng-seed' };

/** A tiny valid PNG (one pixel): the demo's photos are stand-ins, stored like any upload. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

type Stop = 'reported' | 'assigned' | 'rectifying' | 'verifying' | 'verified' | 'closed' | 'dismissed';

interface Demo {
  /** who registers it (keeps the register), who assigns, verifies and closes it */
  office: string;
  verifier: string;
  /** the responsible unit's actor (plans, rectifies) */
  unit: string;
  leader: { name: string; post: string };
  source: 'inspection' | 'citizen' | 'hotline' | 'other';
  foundBy?: string;
  reporter?: { name: string; phone: string };
  type: string;
  grade: 'general' | 'major';
  title: string;
  description: string;
  place: string;
  /** the map point's area */
  near: [number, number];
  measures: string;
  rectification: string;
  /** days ago it was found */
  ago: number;
  stop: Stop;
  /** the first on-site check fails */
  failOnce?: boolean;
  rectifyDays?: number;
}

const CENTRE = { dh: [30.585, 114.352], jb: [30.662, 114.271], xs: [30.521, 114.198] } as const;

const DEMOS: Demo[] = [
  {
    office: 'dispatcher', verifier: 'supervisor', unit: 'zjj.handler', leader: { name: '韩东升', post: '江城市住房和城乡建设局副局长' },
    source: 'inspection', foundBy: '市安委办第三督查组', type: 'building', grade: 'major',
    title: '湖滨路经营性自建房外墙空鼓开裂', description: '湖滨路一栋五层经营性自建房（一层为餐馆，二至五层出租）外墙大面积空鼓，东侧承重墙出现竖向裂缝，未经安全鉴定。',
    place: '东湖区湖滨街道湖滨路', near: [...CENTRE.dh],
    measures: '立即停止二至五层出租并疏散租户，委托有资质机构开展房屋安全鉴定，依鉴定结论加固或拆除；整改期间设置警戒区，街道每日巡查。',
    rectification: '经鉴定为C级危房，已完成承重墙加固和外墙空鼓部位铲除重做，复鉴为B级，恢复使用前办理经营场所安全备案。',
    ago: 55, stop: 'closed', rectifyDays: 20,
  },
  {
    office: 'dispatcher', verifier: 'dispatcher', unit: 'cgj.handler', leader: { name: '孙静怡', post: '江城市城市管理局副局长' },
    source: 'citizen', reporter: { name: '田晓光', phone: '13876512345' }, type: 'building', grade: 'general',
    title: '望湖路大型户外广告牌锈蚀松动', description: '群众反映望湖路与柳岸街交叉口楼顶大型广告牌支架严重锈蚀，大风天明显晃动，下方为公交站台。',
    place: '东湖区望湖路与柳岸街交叉口', near: [...CENTRE.dh],
    measures: '责令广告设置单位3日内拆除广告面板，对支架进行结构检测，检测不合格的整体拆除；期间公交站台临时移位。',
    rectification: '广告设置单位已整体拆除锈蚀支架及面板，楼顶恢复原状，公交站台恢复使用。',
    ago: 40, stop: 'closed', failOnce: true,
  },
  {
    office: 'dh.dispatcher', verifier: 'dh.dispatcher', unit: 'dh.qs.handler', leader: { name: '李明哲', post: '东湖区青山街道办事处副主任' },
    source: 'hotline', reporter: { name: '方美华', phone: '13987654321' }, type: 'gas', grade: 'general',
    title: '松林苑底商餐饮店燃气软管老化', description: '12345热线反映松林苑底商多家餐饮店使用橡胶软管连接燃气，部分开裂，未安装燃气泄漏报警装置。',
    place: '东湖区青山街道松林苑底商', near: [...CENTRE.dh],
    measures: '联合燃气公司逐户检查，责令7日内全部更换金属波纹管并加装泄漏报警装置，未整改的停气。',
    rectification: '8家餐饮店全部更换金属波纹管，安装燃气泄漏报警装置并接入燃气公司监控平台。',
    ago: 28, stop: 'verified',
  },
  {
    office: 'dispatcher', verifier: 'supervisor', unit: 'jtj.handler', leader: { name: '郑国栋', post: '江城市交通运输局副局长' },
    source: 'inspection', foundBy: '市交通运输局路政执法支队', type: 'traffic', grade: 'general',
    title: '东环路学校门口人行横道信号灯缺失', description: '东环路育英小学门口人行横道无信号灯，上下学时段车速快、人车混行，近期发生两起剐蹭。',
    place: '东湖区东环路育英小学门口', near: [...CENTRE.dh],
    measures: '增设人行横道信号灯和减速带，上下学时段安排交通协管员，设置学校区域限速标志。',
    rectification: '已安装行人过街信号灯一组、减速带两道和限速30标志，上下学时段协管员到岗。',
    ago: 24, stop: 'verifying',
  },
  {
    office: 'dispatcher', verifier: 'supervisor', unit: 'jb.bg.handler', leader: { name: '钱建军', post: '江北区北港街道办事处主任' },
    source: 'inspection', foundBy: '江北区防汛抗旱指挥部', type: 'flood', grade: 'major',
    title: '北港大道下穿通道排涝泵站故障', description: '汛前检查发现北港大道下穿通道排涝泵站两台水泵中一台故障、备用电源缺失，强降雨时存在积水淹车风险。',
    place: '江北区北港大道下穿通道', near: [...CENTRE.jb],
    measures: '10日内修复故障水泵并配置移动发电机，设置积水深度标尺和警示牌，强降雨时封闭通道。',
    rectification: '',
    ago: 9, stop: 'rectifying', rectifyDays: 10,
  },
  {
    office: 'jb.dispatcher', verifier: 'jb.dispatcher', unit: 'jb.ty.handler', leader: { name: '冯雪梅', post: '江北区桃源街道办事处副主任' },
    source: 'inspection', foundBy: '桃源街道安全员网格巡查', type: 'fire', grade: 'general',
    title: '桃源居小区电动自行车楼道充电', description: '桃源居小区6号楼、9号楼楼道内多处私拉电线为电动自行车充电，堵塞疏散通道。',
    place: '江北区桃源街道桃源居小区6号楼、9号楼', near: [...CENTRE.jb],
    measures: '清理楼道内电动车及私拉电线，在小区内建设集中充电棚，物业每日巡查。',
    rectification: '',
    ago: 45, stop: 'rectifying',
  },
  {
    office: 'xs.dispatcher', verifier: 'xs.dispatcher', unit: 'xs.scjg.handler', leader: { name: '蒋文博', post: '西山区市场监督管理局副局长' },
    source: 'citizen', reporter: { name: '欧阳倩', phone: '13811223344' }, type: 'food', grade: 'general',
    title: '枫林路学校周边无证小作坊', description: '群众举报枫林路一处民房内有无证食品小作坊，生产辣条类零食向学校周边小卖部供货，卫生条件差。',
    place: '西山区枫林街道枫林路', near: [...CENTRE.xs],
    measures: '依法查封无证作坊，抽检在售产品，排查学校周边小卖部进货渠道。',
    rectification: '',
    ago: 6, stop: 'assigned',
  },
  {
    office: 'dispatcher', verifier: 'supervisor', unit: 'scjg.handler', leader: { name: '王海燕', post: '江城市市场监督管理局副局长' },
    source: 'inspection', foundBy: '市安委办第一督查组', type: 'production_safety', grade: 'major',
    title: '石门工业园危化品仓库超量储存', description: '检查发现石门工业园一化工贸易企业仓库超量储存甲类危险化学品，与员工宿舍同在一栋建筑内（安全生产法 第四十二条）。',
    place: '西山区石门街道石门工业园', near: [...CENTRE.xs],
    measures: '责令立即停止使用该仓库、清运超量危化品，员工宿舍限期搬离，整改完成经审查同意后方可恢复。',
    rectification: '',
    ago: 3, stop: 'assigned', rectifyDays: 15,
  },
  {
    office: 'dh.xq.head', verifier: 'dh.dispatcher', unit: 'dh.xq.handler', leader: { name: '周明辉', post: '东湖区新桥街道办事处主任' },
    source: 'inspection', foundBy: '新桥街道平安建设办公室', type: 'public_order', grade: 'general',
    title: '光明巷背街小巷照明缺失', description: '光明巷约300米路段路灯损坏，夜间无照明，群众反映存在治安隐患。',
    place: '东湖区新桥街道光明巷', near: [...CENTRE.dh],
    measures: '修复损坏路灯12盏，增设监控探头2处，纳入网格夜间巡逻路线。',
    rectification: '已修复路灯12盏并加装监控探头2处，网格员每晚巡查。',
    ago: 20, stop: 'closed',
  },
  {
    office: 'dispatcher', verifier: 'supervisor', unit: 'xs.zjj.handler', leader: { name: '陈志远', post: '西山区住房和城乡建设局局长' },
    source: 'other', foundBy: '白沙街道社区网格员', type: 'building', grade: 'general',
    title: '白沙街道老旧小区围墙倾斜', description: '白沙街道一老旧小区北侧围墙约20米向外倾斜，墙外为人行道。',
    place: '西山区白沙街道', near: [...CENTRE.xs],
    measures: '',
    rectification: '',
    ago: 2, stop: 'reported',
  },
  {
    office: 'dispatcher', verifier: 'supervisor', unit: 'zjj.handler', leader: { name: '韩东升', post: '江城市住房和城乡建设局副局长' },
    source: 'citizen', reporter: { name: '黎志强', phone: '13900001111' }, type: 'building', grade: 'general',
    title: '柳岸小区疑似墙体裂缝（重复登记）', description: '群众反映柳岸小区有墙体裂缝。',
    place: '东湖区湖滨街道柳岸小区', near: [...CENTRE.dh],
    measures: '',
    rectification: '',
    ago: 15, stop: 'dismissed',
  },
];

const ORDER: Stop[] = ['reported', 'assigned', 'rectifying', 'verifying', 'verified', 'closed'];
const reaches = (d: Demo, s: Stop) => d.stop !== 'dismissed' && ORDER.indexOf(d.stop) >= ORDER.indexOf(s);

export async function seedHazards(rt: Runtime, actors: Map<string, StaffActor>, log: (s: string) => void = () => undefined) {
  const r = new Rng(7171);
  const now = rt.deps.now();
  const latest = now.getTime() - HOUR;
  const today = cstDateOf(now);
  const at = (t: number) => ({ ...rt.deps, now: () => new Date(Math.min(t, latest)) });
  const who = (username: string) => {
    const a = actors.get(username);
    if (!a) throw new Error(`seedHazards: no demo user ${username}`);
    return a;
  };
  const act = (username: string, t: number, id: string, action: string, input: unknown) =>
    performHazardAction(at(t), { actor: who(username), meta: META, lang: 'zh', id, action, input });
  const photo = async (username: string, t: number, id: string, stage: 'found' | 'rectified') => {
    const target = await photoTarget(at(t), who(username), id, stage);
    await addHazardPhoto(at(t), META, target, { stream: Readable.from([PNG]), mimetype: 'image/png', filename: stage === 'found' ? '隐患现场.png' : '整改后.png' });
  };

  let made = 0;
  for (const d of DEMOS) {
    const t0 = startOfDayCst(addCalendarDays(today, -d.ago)).getTime() + r.int(9, 11) * HOUR;
    const day = (n: number) => t0 + n * 24 * HOUR + r.int(0, 5) * HOUR;
    const [lat, lng] = [d.near[0] + r.float(-0.02, 0.02), d.near[1] + r.float(-0.02, 0.02)];
    const { id } = await reportHazard(at(t0), {
      actor: who(d.office),
      meta: META,
      lang: 'zh',
      input: {
        source: d.source, type: d.type, grade: d.grade, title: d.title, description: d.description, place: d.place,
        lat: Math.round(lat * 1e6) / 1e6, lng: Math.round(lng * 1e6) / 1e6,
        ...(d.foundBy ? { foundBy: d.foundBy } : {}), ...(d.reporter ? { reporter: d.reporter } : {}),
        foundOn: cstDateOf(new Date(t0)),
      },
    });
    made++;
    await photo(d.office, t0 + HOUR, id, 'found');
    if (d.stop === 'dismissed') {
      await act(d.office, day(1), id, 'dismiss', { reason: '经现场核实，与已登记的柳岸小区墙体裂缝隐患为同一问题，合并办理。' });
      continue;
    }
    if (!reaches(d, 'assigned')) continue;
    await act(d.office, day(1), id, 'assign', {
      unitId: who(d.unit).unitId,
      leader: d.leader,
      requirements: '按照“一案一策”制定整改方案，落实整改期间临时管控措施，按期整改到位。',
      ...(d.rectifyDays ? { rectifyDays: d.rectifyDays } : {}),
    });
    if (!reaches(d, 'rectifying')) continue;
    await act(d.unit, day(2), id, 'plan', { measures: d.measures });
    if (!reaches(d, 'verifying')) continue;
    let t = day(6);
    await photo(d.unit, t, id, 'rectified');
    await act(d.unit, t, id, 'report_rectified', { rectification: d.rectification });
    if (d.failOnce) {
      t = day(8);
      await act(d.verifier, t, id, 'verify_fail', { reason: '现场核查发现部分整改未到位，需补充整改并提交整改后照片。', rectifyDays: 7 });
      t = day(12);
      await photo(d.unit, t, id, 'rectified');
      await act(d.unit, t, id, 'report_rectified', { rectification: d.rectification });
    }
    if (!reaches(d, 'verified')) continue;
    await act(d.verifier, t + 30 * HOUR, id, 'verify_pass', { verification: '现场核查：整改措施已落实，隐患已消除，整改前后照片一致。' });
    if (!reaches(d, 'closed')) continue;
    await act(d.office, t + 50 * HOUR, id, 'close', { note: '整改到位，核查合格，予以销号。' });
  }
  const swept = await sweepClocks(rt.deps);
  log(`hazards: ${made} registered (${DEMOS.filter((d) => d.stop === 'closed').length} closed out, ${DEMOS.filter((d) => d.grade === 'major').length} major); sweep: ${swept.overdue} overdue`);
  return { hazards: made };
}
