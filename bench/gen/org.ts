/**
 * The generated organisation: an invented province (江南省, code JN) with cities, districts, streets and communities,
 * the petition offices (信访局 / 信访办), each city's 12345 hotline centre, departments, court and discipline organ —
 * the same unit types and code scheme as the demo seed (src/seed/org.ts), scaled to ~3,000 units. Users: a few per
 * unit with the roles the real use cases need, all with one password (hashed once).
 */
import { randomUUID } from 'node:crypto';
import { CITY_DEPTS, DISTRICT_DEPTS } from '../../src/seed/org.js';
import type { Rng } from '../../src/seed/random.js';

export interface GenUnit {
  id: number;
  parentId: number | null;
  code: string;
  name: string;
  nameEn: string;
  type: string;
  path: string;
  depth: number;
}

export interface Street {
  unit: GenUnit;
  communities: GenUnit[];
  roads: string[];
  estates: string[];
  weight: number;
}

export interface District {
  unit: GenUnit;
  office: GenUnit; // 区信访办
  depts: Map<string, GenUnit>; // zjj, cgj, scjg
  streets: Street[];
  weight: number;
  city: City;
}

export interface City {
  unit: GenUnit;
  bureau: GenUnit; // 市信访局
  hotline: GenUnit; // 12345
  depts: Map<string, GenUnit>; // CITY_DEPTS keys
  court: GenUnit;
  discipline: GenUnit;
  districts: District[];
  weight: number;
}

export interface GenUser {
  id: string;
  unitId: number;
  username: string;
  displayName: string;
  roles: string[];
}

export interface Org {
  units: GenUnit[];
  province: GenUnit;
  provinceBureau: GenUnit;
  cities: City[];
  districts: District[];
  users: GenUser[];
  /** unit id → role → user id */
  userOf: Map<number, Map<string, string>>;
}

const CITY_NAMES = ['江州', '临川', '云阳', '白鹭', '青川', '南浦', '金沙', '石城', '兰溪', '秀水', '龙泉', '丰原'];
const DISTRICT_SYL = ['东城', '西城', '南湖', '北岸', '新港', '高新', '江滨', '山前', '河西', '滨海', '经开', '老城', '望江', '松柏', '桂园', '清河'];
const STREET_SYL = ['和平', '解放', '人民', '建设', '光明', '长青', '振兴', '幸福', '友谊', '红星', '新华', '朝阳', '永安', '太平', '繁荣', '文化', '育才', '胜利', '团结', '民主'];
const COMM_SYL = ['花园', '翠苑', '锦绣', '春晖', '阳光', '碧水', '金桂', '银杏', '枫林', '梧桐', '海棠', '紫荆', '丁香', '玉兰', '芙蓉', '荷塘'];
const ROAD_SYL = ['长江', '黄河', '中山', '解放', '人民', '建国', '新华', '胜利', '和平', '文昌', '学府', '工业', '迎宾', '环城', '滨河', '朝阳', '公园', '站前', '光华', '青年'];
const ROAD_SUFFIX = ['路', '街', '大道', '巷', '东路', '西路', '南路', '北路'];
const ESTATE_SUFFIX = ['小区', '花园', '苑', '新村', '家园', '公寓', '嘉园', '名都', '华府', '雅居'];
const PY: Record<string, string> = {};

const STAFF_SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const STAFF_GIVEN = ['晓雯', '志远', '明辉', '丽娟', '国栋', '海燕', '立新', '静怡', '建军', '雪梅', '文博', '佳慧', '东升', '春燕', '永强', '晓峰', '雅琴', '振华', '思远', '丽华'];

export interface OrgSize {
  cities: number;
  districtsPerCity: number;
  streetsPerDistrict: number;
  communitiesPerStreet: number;
}

/** ~3,000 units by default: 8 cities × 6 districts × 8 streets × 6 communities plus offices and departments. */
export const DEFAULT_ORG: OrgSize = { cities: 8, districtsPerCity: 6, streetsPerDistrict: 8, communitiesPerStreet: 6 };

const pad = (n: number) => String(n).padStart(2, '0');

export function buildOrg(rng: Rng, size: OrgSize = DEFAULT_ORG): Org {
  void PY;
  const units: GenUnit[] = [];
  const add = (parent: GenUnit | null, code: string, name: string, nameEn: string, type: string): GenUnit => {
    const id = units.length + 1;
    const u: GenUnit = { id, parentId: parent?.id ?? null, code, name, nameEn, type, path: `${parent?.path ?? '/'}${id}/`, depth: parent ? parent.depth + 1 : 0 };
    units.push(u);
    return u;
  };
  const province = add(null, 'JN', '江南省', 'Jiangnan Province', 'province');
  const provinceBureau = add(province, 'JN-XFJ', '江南省信访局', 'Jiangnan Provincial Bureau of Letters and Visits', 'petition_office');
  const cities: City[] = [];
  const districts: District[] = [];
  // populous cities and districts get more cases: a Zipf-like weight with noise
  for (let ci = 0; ci < size.cities; ci++) {
    const cname = `${CITY_NAMES[ci % CITY_NAMES.length]}${ci >= CITY_NAMES.length ? ci : ''}市`;
    const cc = `JN-C${pad(ci + 1)}`;
    const cu = add(province, cc, cname, `City ${ci + 1}, Jiangnan`, 'city');
    const bureau = add(cu, `${cc}-XFJ`, `${cname}信访局`, `City ${ci + 1} Bureau of Letters and Visits`, 'petition_office');
    const hotline = add(cu, `${cc}-12345`, `${cname}12345政务服务便民热线中心`, `City ${ci + 1} 12345 Hotline Centre`, 'department');
    const depts = new Map<string, GenUnit>();
    for (const d of CITY_DEPTS) depts.set(d.key, add(cu, `${cc}-${d.code.slice(3)}`, d.name.replace('江城市', cname), d.en.replace('Jiangcheng', `City ${ci + 1}`), 'department'));
    const court = add(cu, `${cc}-ZY`, `${cname}中级人民法院`, `City ${ci + 1} Intermediate People's Court`, 'legal_organ');
    const discipline = add(cu, `${cc}-JW`, `${cname}纪委监委`, `City ${ci + 1} Commission for Discipline Inspection and Supervision`, 'discipline_organ');
    const city: City = { unit: cu, bureau, hotline, depts, court, discipline, districts: [], weight: (1 / (ci + 1)) ** 0.6 * (0.8 + 0.4 * rng.next()) };
    for (let di = 0; di < size.districtsPerCity; di++) {
      const dname = `${DISTRICT_SYL[(ci * 3 + di) % DISTRICT_SYL.length]}区`;
      const dc = `${cc}-D${pad(di + 1)}`;
      const du = add(cu, dc, `${cname}${dname}`, `District ${di + 1}, City ${ci + 1}`, 'district');
      const office = add(du, `${dc}-XFB`, `${dname}信访办`, `District ${di + 1} Office of Letters and Visits`, 'petition_office');
      const ddepts = new Map<string, GenUnit>();
      for (const d of DISTRICT_DEPTS) ddepts.set(d.key, add(du, `${dc}-${d.code}`, `${dname}${d.name}`, `District ${di + 1} ${d.en}`, 'department'));
      const district: District = { unit: du, office, depts: ddepts, streets: [], weight: (1 / (di + 1)) ** 0.8 * (0.6 + 0.8 * rng.next()), city };
      for (let si = 0; si < size.streetsPerDistrict; si++) {
        const sname = `${STREET_SYL[(di * 7 + si + ci) % STREET_SYL.length]}街道`;
        const sc = `${dc}-S${pad(si + 1)}`;
        const su = add(du, sc, `${dname}${sname}`, `Subdistrict ${si + 1}, District ${di + 1}, City ${ci + 1}`, 'street');
        const communities: GenUnit[] = [];
        for (let k = 0; k < size.communitiesPerStreet; k++) {
          const cn = `${COMM_SYL[(si * 5 + k + di) % COMM_SYL.length]}社区`;
          communities.push(add(su, `${sc}-C${pad(k + 1)}`, `${sname}${cn}`, `Community ${k + 1}, Subdistrict ${si + 1}`, 'community'));
        }
        const roads = Array.from({ length: 4 }, (_, k) => `${ROAD_SYL[(ci * 11 + di * 5 + si * 3 + k) % ROAD_SYL.length]}${ROAD_SUFFIX[(si + k) % ROAD_SUFFIX.length]}`);
        const estates = Array.from({ length: 5 }, (_, k) => `${COMM_SYL[(ci + di * 3 + si * 7 + k * 2) % COMM_SYL.length]}${ESTATE_SUFFIX[(di + si + k) % ESTATE_SUFFIX.length]}`);
        district.streets.push({ unit: su, communities, roads, estates, weight: 0.3 + rng.next() });
      }
      city.districts.push(district);
      districts.push(district);
    }
    cities.push(city);
  }

  // users: a few per unit, roles as the use cases need them
  const users: GenUser[] = [];
  const userOf = new Map<number, Map<string, string>>();
  let n = 0;
  const person = () => `${STAFF_SURNAMES[n % STAFF_SURNAMES.length]}${STAFF_GIVEN[Math.floor(n / STAFF_SURNAMES.length) % STAFF_GIVEN.length]}`;
  const user = (u: GenUnit, role: string, label: string) => {
    n++;
    const id = randomUUID();
    users.push({ id, unitId: u.id, username: `${u.code.toLowerCase()}.${role}`, displayName: `${person()}（${label}）`, roles: [role] });
    let m = userOf.get(u.id);
    if (!m) userOf.set(u.id, (m = new Map()));
    m.set(role, id);
  };
  for (const u of units) {
    switch (u.type) {
      case 'province':
      case 'city':
        user(u, 'admin', '系统管理员');
        user(u, 'analyst', '数据分析');
        user(u, 'handler', '复查复核');
        user(u, 'unit_head', '分管负责人');
        break;
      case 'petition_office':
        for (const [r, l] of [['intake', '登记员'], ['dispatcher', '派单员'], ['supervisor', '督查督办'], ['return_visit', '回访员'], ['mediator', '调解员'], ['analyst', '数据分析']] as const) user(u, r, l);
        break;
      case 'department':
        if (u.code.endsWith('-12345')) {
          user(u, 'intake', '话务员');
          user(u, 'dispatcher', '派单员');
          user(u, 'return_visit', '热线回访');
          user(u, 'supervisor', '热线督办');
          break;
        }
        user(u, 'handler', '承办人');
        user(u, 'unit_head', '负责人');
        break;
      case 'district':
        user(u, 'handler', '区政府复查');
        user(u, 'unit_head', '区政府负责人');
        user(u, 'analyst', '数据分析');
        break;
      case 'street':
        user(u, 'handler', '街道承办人');
        user(u, 'unit_head', '街道负责人');
        user(u, 'mediator', '人民调解员');
        user(u, 'dispatcher', '街道派单员');
        break;
      case 'community':
        user(u, 'handler', '网格员');
        break;
      default:
        user(u, 'handler', '承办人');
        user(u, 'unit_head', '负责人');
    }
  }
  return { units, province, provinceBureau, cities, districts, users, userOf };
}

/** The user of a unit holding a role (or, failing that, any user of the unit); null for none. */
export function userIn(org: Org, unitId: number, role: string): string | null {
  const m = org.userOf.get(unitId);
  if (!m) return null;
  return m.get(role) ?? m.get('unit_head') ?? m.get('handler') ?? [...m.values()][0] ?? null;
}
