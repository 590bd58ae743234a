import { Menu } from "@mantine/core";
import { useActAs } from "../api/act-as";
import { useProviders } from "../api/get-providers";

/** Menu items to start acting as one of the practice's providers (owner and granted admins). */
export function ActAsMenuItems({ myId }: { myId: string }) {
  const providers = useProviders();
  const actAs = useActAs();
  const others = (providers.data?.items ?? []).filter((p) => p.staff_id !== myId && p.status === "active");
  if (!others.length) return null;
  return (
    <>
      <Menu.Label>Act as a provider</Menu.Label>
      {others.map((p) => (
        <Menu.Item key={p.staff_id} onClick={() => actAs.mutate(p.staff_id)}>
          {p.given_name} {p.family_name}
        </Menu.Item>
      ))}
    </>
  );
}
