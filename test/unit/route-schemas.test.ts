/** Every declared route's params, query and body schemas compile (the app compiles each at its route's first request). */
import { compile } from '../../api/route';
import { declaredRoutes } from '../../api/routes';

it('every route schema compiles', () => {
  const routes = declaredRoutes();
  expect(routes.length).toBeGreaterThan(100);
  const failed: string[] = [];
  for (const def of routes) {
    try {
      const c = compile(def);
      if (def.body) expect(typeof c.body).toBe('function');
      if (def.query) expect(typeof c.query).toBe('function');
    } catch (err) {
      failed.push(`${def.method.toUpperCase()} ${def.path}: ${(err as Error).message}`);
    }
  }
  expect(failed).toEqual([]);
});
