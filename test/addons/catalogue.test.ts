import { isChartAddon, pinnedVersionOf } from '../../lib/addons/addon';
import { CATALOGUE } from '../../lib/addons/catalogue';
import { ADDON_IDS } from '../../lib/spec/addon-ids';
import { CHART_VERSIONS, GATEWAY_API_VERSION } from '../../lib/spec/versions';

describe('catalogue', () => {
  it('has exactly one entry per add-on id the spec knows', () => {
    expect(CATALOGUE.map((a) => a.id).sort()).toEqual([...ADDON_IDS].sort());
  });
  it('takes every chart from the version table, pinned exactly', () => {
    const charts = CATALOGUE.filter(isChartAddon);
    expect(charts.length).toBeGreaterThan(0);
    for (const addon of charts) {
      expect(addon.chart).toBe(CHART_VERSIONS[addon.id as keyof typeof CHART_VERSIONS]);
    }
  });
  it('takes every manifest bundle from the version table (Gateway API CRDs at GATEWAY_API_VERSION)', () => {
    const manifestAddons = CATALOGUE.filter((a) => !isChartAddon(a));
    expect(manifestAddons.map((a) => a.id)).toEqual(['gateway-api-crds']);
    for (const addon of manifestAddons) expect(pinnedVersionOf(addon)).toBe(GATEWAY_API_VERSION);
  });
  it('pins every add-on (chart or manifest bundle) to an exact version with the date it was checked', () => {
    for (const addon of CATALOGUE) {
      const pin = pinnedVersionOf(addon);
      expect(pin.version).toMatch(/^v?\d+\.\d+\.\d+$/);
      expect(pin.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});
