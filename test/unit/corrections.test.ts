/**
 * docs/lifecycle.md "Corrections": every action of the lifecycle has an entry, and every correction it names is a
 * transition the table really offers in the state the mistake leaves the case in.
 */
import { describe, expect, it } from 'vitest';
import { CORRECTIONS } from '../../src/cases/corrections.js';
import { TRANSITIONS, transitionFor } from '../../src/cases/lifecycle.js';
import type { Status } from '../../src/cases/states.js';

/** the states a case can be in right after the action */
const after = (action: string): Status[] => {
  const t = transitionFor(action)!;
  return t.to === 'same' ? [...t.from] : [t.to];
};

describe('corrections of mistaken actions', () => {
  it('lists every action of the lifecycle once', () => {
    const listed = CORRECTIONS.map((c) => c.mistake);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual(TRANSITIONS.map((t) => t.action).sort());
  });

  it('names only transitions offered in the state the mistake leaves the case in', () => {
    for (const c of CORRECTIONS)
      for (const p of c.paths) {
        const t = transitionFor(p);
        expect(t, `${c.mistake} → ${p}`).toBeDefined();
        expect(t!.from.some((s) => after(c.mistake).includes(s)), `${c.mistake} → ${p}: offered in ${t!.from.join(', ')}`).toBe(true);
      }
  });

  it('recall corrects a dispatch only before signing; after it, 退单 within 5 working days (第二十三条第三款)', () => {
    // 信访工作条例 第二十三条第三款: “不属于本机关、单位或者本系统职权范围的，有关机关、单位应当自收到之日起5个工作日内提出异议，并详细说明理由”
    expect(transitionFor('recall')!.from).toEqual(['dispatched']);
    expect(transitionFor('object')!.from).toContain('signed');
    expect(CORRECTIONS.find((c) => c.mistake === 'sign')!.paths).not.toContain('recall');
    expect(CORRECTIONS.find((c) => c.mistake === 'route')!.paths).toEqual(expect.arrayContaining(['recall', 'object']));
  });

  it('an approved reply is corrected only by review (第三十五条); a re-review decision by nothing (第三十六条第三款)', () => {
    // 第三十五条: “信访人对信访处理意见不服的，可以自收到书面答复之日起30日内请求原办理机关、单位的上一级机关、单位复查”
    expect(CORRECTIONS.find((c) => c.mistake === 'approve_reply')!.paths).toEqual(['request_review']);
    // 第三十六条第三款: “信访人对复核意见不服，仍然以同一事实和理由提出投诉请求的，……不再受理”
    expect(CORRECTIONS.find((c) => c.mistake === 'decide_rereview')!.paths).toEqual([]);
  });
});
