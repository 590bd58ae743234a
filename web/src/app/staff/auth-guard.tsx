import { Navigate, Outlet, useLocation } from "react-router";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Loading } from "@/components/states/Loading";
import { isProblem } from "@/lib/api/problem";
import { useMe } from "@/lib/queries/me";

/** Staff screens need a signed-in staff member; anyone else goes to sign in, then back. */
export function RequireStaff() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading label="Checking your session" />;
  if (isProblem(me.error) && (me.error.status === 401 || me.error.status === 403)) {
    return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  }
  if (me.error) return <ProblemAlert error={me.error} />;
  return <Outlet />;
}
