import { Alert, Button } from "@mantine/core";
import { Component as ReactComponent, type ComponentType, type ReactNode, Suspense, lazy, useEffect, useMemo } from "react";
import { BrowserRouter, type NavigateFunction, type RouteObject, useNavigate, useRoutes } from "react-router";
import { Loading } from "@/components/states/Loading";

/**
 * Both apps' routes, each screen its own chunk loaded on demand. React Router's declarative
 * mode (BrowserRouter + useRoutes) with React.lazy rather than a data router: the apps use no
 * loaders or actions, and the data router's code is half of React Router's download, which the
 * phone-width portal cannot afford before its first screen.
 */
export type AppRoute = {
  path?: string;
  index?: boolean;
  element?: ReactNode;
  /** A route module exporting the screen as `Component`. */
  lazy?: () => Promise<{ Component: ComponentType }>;
  children?: AppRoute[];
};

/** A screen that failed to load or render: say so, offer a reload, keep the layout. */
class ScreenBoundary extends ReactComponent<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <Alert color="red" title="This screen could not be shown" role="alert">
        <Button mt="sm" size="compact-sm" variant="default" onClick={() => window.location.reload()}>
          Reload the page
        </Button>
      </Alert>
    );
  }
}

// Each lazy component is made once, not per render: the same module keeps its state.
const screens = new WeakMap<NonNullable<AppRoute["lazy"]>, ComponentType>();

function screen(load: NonNullable<AppRoute["lazy"]>): ComponentType {
  let made = screens.get(load);
  if (!made) {
    made = lazy(() => load().then((m) => ({ default: m.Component })));
    screens.set(load, made);
  }
  return made;
}

function toRouteObjects(routes: AppRoute[]): RouteObject[] {
  return routes.map(({ lazy: load, element, children, path, index }): RouteObject => {
    let shown = element;
    if (load) {
      const Screen = screen(load);
      shown = (
        <ScreenBoundary key={path ?? "index"}>
          <Suspense fallback={<Loading />}>
            <Screen />
          </Suspense>
        </ScreenBoundary>
      );
    }
    return index ? { index: true, element: shown } : { path, element: shown, children: children && toRouteObjects(children) };
  });
}

function Routes({ routes, onNavigator }: { routes: RouteObject[]; onNavigator?: (navigate: NavigateFunction) => void }) {
  const navigate = useNavigate();
  useEffect(() => onNavigator?.(navigate), [navigate, onNavigator]);
  return useRoutes(routes);
}

/** The app's router. `onNavigator` hands out navigation for code outside React (a lost session). */
export function RouteTree({ routes, basename, onNavigator }: {
  routes: AppRoute[];
  basename?: string;
  onNavigator?: (navigate: NavigateFunction) => void;
}) {
  const objects = useMemo(() => toRouteObjects(routes), [routes]);
  return (
    <BrowserRouter basename={basename}>
      <Routes routes={objects} onNavigator={onNavigator} />
    </BrowserRouter>
  );
}
