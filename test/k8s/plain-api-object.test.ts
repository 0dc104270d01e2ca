import { ApiObject, App, Chart, JsonPatch, Lazy, LazyResolver, type IResolver, type ResolutionContext } from 'cdk8s';
import { PlainApiObject } from '../../lib/k8s/plain-api-object';

const props = () => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', namespace: 'team-a', labels: { z: '1', a: '2' }, annotations: {} },
  data: { zeta: 'z', alpha: 'a', none: undefined, empty: null },
  spec: { list: [{ b: 2, a: 1 }, null, 3, 'x', true], nested: { deeper: { y: [], x: {} } } },
});

/** The JSON cdk8s's own ApiObject gives for `p` in an app like `app`. */
function stock(p: ReturnType<typeof props>, app = new App()): unknown {
  return new ApiObject(new Chart(app, 'c'), 'o', p).toJson();
}

describe('PlainApiObject', () => {
  it('renders plain props exactly as ApiObject does (key order, null and undefined members dropped)', () => {
    const json = new PlainApiObject(new Chart(new App(), 'c'), 'o', props()).toJson();
    expect(json).toEqual(stock(props()));
    expect(JSON.stringify(json)).toBe(JSON.stringify(stock(props())));
    expect(Object.keys(json)).toEqual(['apiVersion', 'kind', 'metadata', 'data', 'spec']);
  });

  it('skips the resolvers for plain props', () => {
    const resolve = jest.spyOn(LazyResolver.prototype, 'resolve');
    try {
      new PlainApiObject(new Chart(new App(), 'c'), 'o', props()).toJson();
      const plain = resolve.mock.calls.length;
      resolve.mockClear();
      new ApiObject(new Chart(new App(), 'c'), 'o', props()).toJson();
      // The metadata still goes through cdk8s (a handful of values); data and spec do not.
      expect(plain).toBeLessThan(resolve.mock.calls.length / 2);
    } finally {
      resolve.mockRestore();
    }
  });

  it('resolves lazies like ApiObject does', () => {
    const withLazy = () => ({ ...props(), spec: { value: Lazy.any({ produce: () => ({ b: 1, a: [Lazy.any({ produce: () => 'deep' })] }) }) } });
    const json = new PlainApiObject(new Chart(new App(), 'c'), 'o', withLazy() as never).toJson();
    expect(json).toEqual(stock(withLazy() as never));
    expect(json.spec).toEqual({ value: { a: ['deep'], b: 1 } });
  });

  it('applies JSON patches', () => {
    const object = new PlainApiObject(new Chart(new App(), 'c'), 'o', props());
    object.addJsonPatch(JsonPatch.add('/data/added', 'yes'));
    expect(object.toJson().data.added).toBe('yes');
  });

  it("runs an app's custom resolvers", () => {
    const upper: IResolver = {
      resolve(context: ResolutionContext) {
        if (typeof context.value === 'string' && context.value === 'a') context.replaceValue('A');
      },
    };
    const json = new PlainApiObject(new Chart(new App({ resolvers: [upper] }), 'c'), 'o', props()).toJson();
    expect(json.data.alpha).toBe('A');
    expect(json).toEqual(stock(props(), new App({ resolvers: [upper] })));
  });
});
