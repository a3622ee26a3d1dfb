import type { GatewayRoute } from './gateway-route';

export interface RouteMatch {
  readonly route: GatewayRoute;
  readonly pathParameters: Record<string, string> | null;
}

/**
 * API Gateway's resource tree, flattened: literal segments beat `{param}`
 * ones, as API Gateway prefers the most specific resource.
 */
export class RouteTable {
  private readonly compiled: {
    route: GatewayRoute;
    pattern: RegExp;
    names: string[];
    literals: number;
  }[];

  constructor(routes: readonly GatewayRoute[]) {
    this.compiled = routes
      .map((route) => {
        const names: string[] = [];
        const segments = route.path.split('/').filter(Boolean);
        const source = segments
          .map((segment) => {
            const param = /^\{(\w+)\}$/.exec(segment);
            if (!param?.[1]) return escape(segment);
            names.push(param[1]);
            return '([^/]+)';
          })
          .join('/');
        return {
          route,
          pattern: new RegExp(`^/${source}/?$`),
          names,
          literals: segments.length - names.length,
        };
      })
      .sort((a, b) => b.literals - a.literals);
  }

  match(method: string, path: string): RouteMatch | undefined {
    for (const { route, pattern, names } of this.compiled) {
      if (route.method !== method) continue;
      const found = pattern.exec(path);
      if (!found) continue;
      if (names.length === 0) return { route, pathParameters: null };
      const pathParameters: Record<string, string> = {};
      names.forEach((name, i) => {
        pathParameters[name] = safeDecode(found[i + 1] ?? '');
      });
      return { route, pathParameters };
    }
    return undefined;
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
