import { Button, Menu } from "@mantine/core";
import { useNavigate } from "react-router";
import { ActAsMenuItems } from "@/features/auth/components/ActAsMenu";
import { useSignOut } from "@/features/auth/api/sign-out";
import type { components } from "@/lib/api/schema";

const MAY_ACT = new Set(["owner", "coordinator", "scheduler", "billing"]);

export function UserMenu({ me }: { me: components["schemas"]["Me"] }) {
  const navigate = useNavigate();
  const signOut = useSignOut();
  const leave = signOut.leave;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" size="sm">
          Account ({me.role})
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => navigate("/account")}>Your account</Menu.Item>
        {MAY_ACT.has(me.role) && !me.acting_for && <ActAsMenuItems myId={me.staff_id} />}
        <Menu.Divider />
        <Menu.Item onClick={() => leave(false)}>Sign out</Menu.Item>
        <Menu.Item color="red" onClick={() => leave(true)}>
          Sign out everywhere
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
