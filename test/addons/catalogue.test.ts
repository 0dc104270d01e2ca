import { CATALOGUE } from '../../lib/addons/catalogue';
import { ADDON_IDS } from '../../lib/spec/addon-ids';
import { CHART_VERSIONS } from '../../lib/spec/versions';

describe('catalogue', () => {
  it('has exactly one entry per add-on id the spec knows', () => {
    expect(CATALOGUE.map((a) => a.id).sort()).toEqual([...ADDON_IDS].sort());
  });
  it('takes every chart from the version table, pinned exactly', () => {
    for (const addon of CATALOGUE) {
      expect(addon.chart).toBe(CHART_VERSIONS[addon.id]);
      expect(addon.chart.version).toMatch(/^v?\d+\.\d+\.\d+$/);
      expect(addon.chart.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});
