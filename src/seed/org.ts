/**
 * The made-up organisation of the demo: 江城市 (Jiangcheng), a city with its petition bureau, 12345 hotline
 * centre, departments, the intermediate court, the discipline commission, three districts with their own
 * petition offices, departments and streets, communities under the streets and a few grids.
 * Every name, place and person here is invented.
 */
import type { Role } from '../org/roles.js';
import type { UnitType } from '../org/roles.js';

export interface UnitDef {
  code: string;
  name: string;
  nameEn: string;
  type: UnitType;
  parent: string | null; // parent code
}

export interface UserDef {
  username: string;
  /** a name only: the workbench shows the roles beside it in the chosen language (ROLE_LABELS), so none is written into it */
  displayName: string;
  roles: Role[];
  unit: string; // unit code
}

/** City departments: key → code, name. The key also prefixes the usernames (zjj.handler, zjj.head). */
export const CITY_DEPTS = [
  { key: 'zjj', code: 'JC-ZJJ', name: '江城市住房和城乡建设局', en: 'Jiangcheng Housing and Urban-Rural Development Bureau' },
  { key: 'sthj', code: 'JC-STHJJ', name: '江城市生态环境局', en: 'Jiangcheng Ecology and Environment Bureau' },
  { key: 'rsj', code: 'JC-RSJ', name: '江城市人力资源和社会保障局', en: 'Jiangcheng Human Resources and Social Security Bureau' },
  { key: 'scjg', code: 'JC-SCJGJ', name: '江城市市场监督管理局', en: 'Jiangcheng Administration for Market Regulation' },
  { key: 'jtj', code: 'JC-JTJ', name: '江城市交通运输局', en: 'Jiangcheng Transport Bureau' },
  { key: 'jyj', code: 'JC-JYJ', name: '江城市教育局', en: 'Jiangcheng Education Bureau' },
  { key: 'gaj', code: 'JC-GAJ', name: '江城市公安局', en: 'Jiangcheng Public Security Bureau' },
  { key: 'wjw', code: 'JC-WJW', name: '江城市卫生健康委员会', en: 'Jiangcheng Health Commission' },
  { key: 'ybj', code: 'JC-YBJ', name: '江城市医疗保障局', en: 'Jiangcheng Healthcare Security Bureau' },
  { key: 'cgj', code: 'JC-CGJ', name: '江城市城市管理局', en: 'Jiangcheng Urban Management Bureau' },
  { key: 'mzj', code: 'JC-MZJ', name: '江城市民政局', en: 'Jiangcheng Civil Affairs Bureau' },
  { key: 'wlj', code: 'JC-WLJ', name: '江城市文化广电旅游局', en: 'Jiangcheng Culture, Radio, Television and Tourism Bureau' },
] as const;
export type CityDeptKey = (typeof CITY_DEPTS)[number]['key'];

/** Departments every district has; matters handled "locally" go to one of these or to a street. */
export const DISTRICT_DEPTS = [
  { key: 'zjj', code: 'ZJJ', name: '住房和城乡建设局', en: 'Housing and Urban-Rural Development Bureau' },
  { key: 'cgj', code: 'CGJ', name: '城市管理和综合执法局', en: 'Urban Management and Law Enforcement Bureau' },
  { key: 'scjg', code: 'SCJGJ', name: '市场监督管理局', en: 'Administration for Market Regulation' },
] as const;
export type DistrictDeptKey = (typeof DISTRICT_DEPTS)[number]['key'];

export interface StreetDef {
  key: string;
  name: string;
  en: string;
  roads: string[];
  estates: string[]; // 小区
  communities: Array<[string, string]>;
}

export interface DistrictDef {
  key: string;
  no: number;
  name: string;
  en: string;
  streets: StreetDef[];
}

export const DISTRICTS: DistrictDef[] = [
  {
    key: 'dh',
    no: 1,
    name: '东湖区',
    en: 'Donghu District',
    streets: [
      {
        key: 'hb', name: '湖滨街道', en: 'Hubin Subdistrict',
        roads: ['湖滨路', '望湖路', '柳岸街', '渔港路'],
        estates: ['湖畔锦苑', '柳岸小区', '望湖花园', '渔港新村'],
        communities: [['柳岸社区', "Liu'an Community"], ['渔港社区', 'Yugang Community']],
      },
      {
        key: 'qs', name: '青山街道', en: 'Qingshan Subdistrict',
        roads: ['青山大道', '松林路', '翠竹巷', '东环路'],
        estates: ['青山雅居', '松林苑', '翠竹园', '东环佳园'],
        communities: [['松林社区', 'Songlin Community'], ['翠竹社区', 'Cuizhu Community']],
      },
      {
        key: 'xq', name: '新桥街道', en: 'Xinqiao Subdistrict',
        roads: ['新桥路', '长虹街', '建设东路', '光明巷'],
        estates: ['新桥名都', '长虹小区', '建设新村', '光明里'],
        communities: [['长虹社区', 'Changhong Community'], ['光明社区', 'Guangming Community']],
      },
    ],
  },
  {
    key: 'jb',
    no: 2,
    name: '江北区',
    en: 'Jiangbei District',
    streets: [
      {
        key: 'bg', name: '北港街道', en: 'Beigang Subdistrict',
        roads: ['北港大道', '码头路', '江堤街', '纺织路'],
        estates: ['北港花园', '纺织厂宿舍', '江堤人家', '滨江华府'],
        communities: [['码头社区', 'Matou Community'], ['纺织社区', 'Fangzhi Community']],
      },
      {
        key: 'ty', name: '桃源街道', en: 'Taoyuan Subdistrict',
        roads: ['桃源路', '杏林街', '育才路', '和平北路'],
        estates: ['桃源居', '杏林湾', '育才小区', '和平里'],
        communities: [['桃源社区', 'Taoyuan Community'], ['杏林社区', 'Xinglin Community']],
      },
    ],
  },
  {
    key: 'xs',
    no: 3,
    name: '西山区',
    en: 'Xishan District',
    streets: [
      {
        key: 'fl', name: '枫林街道', en: 'Fenglin Subdistrict',
        roads: ['枫林路', '西山大道', '红叶街', '矿山路'],
        estates: ['枫林湾', '红叶小区', '西山嘉园', '矿机新村'],
        communities: [['红叶社区', 'Hongye Community'], ['矿机社区', 'Kuangji Community']],
      },
      {
        key: 'sm', name: '石门街道', en: 'Shimen Subdistrict',
        roads: ['石门路', '工业大道', '泉水巷', '兴业路'],
        estates: ['石门公寓', '泉水花苑', '兴业家园', '工业新村'],
        communities: [['泉水社区', 'Quanshui Community'], ['兴业社区', 'Xingye Community']],
      },
      {
        key: 'bs', name: '白沙街道', en: 'Baisha Subdistrict',
        roads: ['白沙路', '沙洲街', '南湖路', '学府路'],
        estates: ['白沙新苑', '沙洲小区', '南湖春晓', '学府名居'],
        communities: [['沙洲社区', 'Shazhou Community'], ['学府社区', 'Xuefu Community']],
      },
    ],
  },
];

/** the province above the demo city: its government decides 复核 of the city government's 复查 (第三十六条) */
export const PROVINCE = { code: 'JN', name: '江南省', en: 'Jiangnan Province' };
export const CITY = { code: 'JC', name: '江城市', en: 'Jiangcheng City' };
export const PETITION_BUREAU = { code: 'JC-XFJ', name: '江城市信访局', en: 'Jiangcheng Bureau of Letters and Visits' };
export const HOTLINE = { code: 'JC-12345', name: '江城市12345政务服务便民热线中心', en: 'Jiangcheng 12345 Government Service Hotline Centre' };
export const COURT = { code: 'JC-ZY', name: '江城市中级人民法院', en: 'Jiangcheng Intermediate People’s Court' };
export const DISCIPLINE = { code: 'JC-JW', name: '江城市纪委监委', en: 'Jiangcheng Commission for Discipline Inspection and Supervision' };

export const districtCode = (d: DistrictDef) => `JC-D${d.no}`;
export const streetCode = (d: DistrictDef, i: number) => `JC-D${d.no}-S${i + 1}`;
export const districtDeptCode = (d: DistrictDef, key: DistrictDeptKey) =>
  `JC-D${d.no}-${DISTRICT_DEPTS.find((x) => x.key === key)!.code}`;
export const districtOfficeCode = (d: DistrictDef) => `JC-D${d.no}-XFB`;

/** Units in creation order (parents first). The city petition bureau is the only top-level petition office. */
export function unitDefs(): UnitDef[] {
  const out: UnitDef[] = [
    { code: PROVINCE.code, name: PROVINCE.name, nameEn: PROVINCE.en, type: 'province', parent: null },
    { code: CITY.code, name: CITY.name, nameEn: CITY.en, type: 'city', parent: PROVINCE.code },
    { code: PETITION_BUREAU.code, name: PETITION_BUREAU.name, nameEn: PETITION_BUREAU.en, type: 'petition_office', parent: CITY.code },
    { code: HOTLINE.code, name: HOTLINE.name, nameEn: HOTLINE.en, type: 'department', parent: CITY.code },
    ...CITY_DEPTS.map((d) => ({ code: d.code, name: d.name, nameEn: d.en, type: 'department' as const, parent: CITY.code })),
    { code: COURT.code, name: COURT.name, nameEn: COURT.en, type: 'legal_organ', parent: CITY.code },
    { code: DISCIPLINE.code, name: DISCIPLINE.name, nameEn: DISCIPLINE.en, type: 'discipline_organ', parent: CITY.code },
  ];
  for (const d of DISTRICTS) {
    const dc = districtCode(d);
    out.push({ code: dc, name: `江城市${d.name}`, nameEn: `${d.en}, Jiangcheng`, type: 'district', parent: CITY.code });
    out.push({ code: districtOfficeCode(d), name: `${d.name}信访办`, nameEn: `${d.en} Office of Letters and Visits`, type: 'petition_office', parent: dc });
    for (const dep of DISTRICT_DEPTS)
      out.push({ code: districtDeptCode(d, dep.key), name: `${d.name}${dep.name}`, nameEn: `${d.en} ${dep.en}`, type: 'department', parent: dc });
    d.streets.forEach((s, i) => {
      const sc = streetCode(d, i);
      out.push({ code: sc, name: `${d.name}${s.name}`, nameEn: `${s.en}, ${d.en}`, type: 'street', parent: dc });
      s.communities.forEach(([name, en], j) => {
        const cc = `${sc}-C${j + 1}`;
        out.push({ code: cc, name: `${s.name}${name}`, nameEn: `${en}, ${s.en}`, type: 'community', parent: sc });
        // a couple of grids under the first community of each district's first street
        if (i === 0 && j === 0)
          for (const g of [1, 2])
            out.push({ code: `${cc}-G${g}`, name: `${name}第${g === 1 ? '一' : '二'}网格`, nameEn: `Grid ${g}, ${en}`, type: 'grid', parent: cc });
      });
    });
  }
  return out;
}

// Staff display names (invented), handed out in order.
const STAFF_NAMES = [
  '林晓雯', '陈志远', '周明辉', '吴丽娟', '郑国栋', '王海燕', '赵立新', '孙静怡', '钱建军', '冯雪梅',
  '蒋文博', '沈佳慧', '韩东升', '杨春燕', '朱永强', '秦晓峰', '许雅琴', '何振华', '吕思远', '施丽华',
  '张宏伟', '孔令杰', '曹玉洁', '严俊', '华晓琳', '金世杰', '魏红梅', '陶志强', '姜佩玲', '戚文涛',
  '谢婉婷', '邹建明', '喻晓光', '柏雨晴', '水建平', '窦立华', '章雅婷', '云鹏飞', '苏慧敏', '潘家豪',
  '葛晓红', '奚志军', '范丽萍', '彭立伟', '郎晓燕', '鲁国华', '韦欣怡', '昌海涛', '马晓丽', '苗志刚',
  '凤小玲', '花永康', '方雅楠', '俞振东', '任佳琪', '袁卫东', '柳思琪', '酆志宏', '鲍晓梅', '史俊杰',
  '唐婉清', '费建新', '廉晓宇', '岑雪莲', '薛志鹏', '雷静雯', '贺振宇', '倪晓婷', '汤国庆', '滕美玲',
  '殷建伟', '罗佳怡', '毕志勇', '郝丽君', '邬晓东', '安雅琪', '常宏亮', '乐思雨', '于海波', '时晓慧',
  '傅建中', '皮晓芸', '卞志成', '齐丽雅', '康文杰', '伍晓雪', '余国良', '元晓薇', '卜志伟', '顾丽娜',
];

/** Every demo user. One password for all (see DEMO_PASSWORD in demo.ts). */
export function userDefs(): UserDef[] {
  let n = 0;
  const name = () => STAFF_NAMES[n++ % STAFF_NAMES.length]!;
  const users: UserDef[] = [
    { username: 'admin', displayName: name(), roles: ['admin'], unit: CITY.code },
    { username: 'analyst', displayName: name(), roles: ['analyst'], unit: CITY.code },
    { username: 'intake', displayName: name(), roles: ['intake'], unit: PETITION_BUREAU.code },
    { username: 'dispatcher', displayName: name(), roles: ['dispatcher'], unit: PETITION_BUREAU.code },
    { username: 'supervisor', displayName: name(), roles: ['supervisor'], unit: PETITION_BUREAU.code },
    { username: 'returnvisit', displayName: name(), roles: ['return_visit'], unit: PETITION_BUREAU.code },
    { username: 'mediator', displayName: name(), roles: ['mediator'], unit: PETITION_BUREAU.code },
    { username: 'hotline', displayName: name(), roles: ['intake'], unit: HOTLINE.code },
    { username: 'hotline.visit', displayName: name(), roles: ['return_visit'], unit: HOTLINE.code },
    // the city government itself decides reviews of its departments' replies (复查) and re-reviews of districts' (复核)
    { username: 'city.handler', displayName: name(), roles: ['handler'], unit: CITY.code },
    { username: 'city.head', displayName: name(), roles: ['unit_head'], unit: CITY.code },
  ];
  for (const d of CITY_DEPTS) {
    users.push({ username: `${d.key}.handler`, displayName: name(), roles: ['handler'], unit: d.code });
    users.push({ username: `${d.key}.head`, displayName: name(), roles: ['unit_head'], unit: d.code });
  }
  users.push({ username: 'fy.handler', displayName: name(), roles: ['handler'], unit: COURT.code });
  users.push({ username: 'fy.head', displayName: name(), roles: ['unit_head'], unit: COURT.code });
  users.push({ username: 'jw.handler', displayName: name(), roles: ['handler'], unit: DISCIPLINE.code });
  users.push({ username: 'jw.head', displayName: name(), roles: ['unit_head'], unit: DISCIPLINE.code });
  for (const d of DISTRICTS) {
    const k = d.key;
    users.push({ username: `${k}.intake`, displayName: name(), roles: ['intake'], unit: districtOfficeCode(d) });
    users.push({ username: `${k}.dispatcher`, displayName: name(), roles: ['dispatcher'], unit: districtOfficeCode(d) });
    users.push({ username: `${k}.handler`, displayName: name(), roles: ['handler'], unit: districtCode(d) });
    users.push({ username: `${k}.head`, displayName: name(), roles: ['unit_head'], unit: districtCode(d) });
    for (const dep of DISTRICT_DEPTS) {
      users.push({ username: `${k}.${dep.key}.handler`, displayName: name(), roles: ['handler'], unit: districtDeptCode(d, dep.key) });
      users.push({ username: `${k}.${dep.key}.head`, displayName: name(), roles: ['unit_head'], unit: districtDeptCode(d, dep.key) });
    }
    d.streets.forEach((s, i) => {
      users.push({ username: `${k}.${s.key}.handler`, displayName: name(), roles: ['handler'], unit: streetCode(d, i) });
      users.push({ username: `${k}.${s.key}.head`, displayName: name(), roles: ['unit_head'], unit: streetCode(d, i) });
    });
    users.push({ username: `${k}.${d.streets[0]!.key}.mediator`, displayName: name(), roles: ['mediator'], unit: streetCode(d, 0) });
  }
  // added last, so the names drawn above stay as they were: each district office visits the cases it registered
  for (const d of DISTRICTS) {
    users.push({ username: `${d.key}.visit`, displayName: name(), roles: ['return_visit'], unit: districtOfficeCode(d) });
  }
  // the province decides re-reviews (复核) of reviews the city government made of its departments' replies (also last)
  users.push({ username: 'province.handler', displayName: name(), roles: ['handler', 'unit_head'], unit: PROVINCE.code });
  return users;
}
