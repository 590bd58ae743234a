import { Anchor, Text } from "@mantine/core";
import { Link } from "react-router";
import { PageTitle } from "@/components/PageTitle";

export function Component() {
  return (
    <>
      <PageTitle>Page not found</PageTitle>
      <Text>
        There is no screen at this address. <Anchor component={Link} to="/">Go to today</Anchor>.
      </Text>
    </>
  );
}
