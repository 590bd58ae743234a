import { Select } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, call } from "@/lib/api/client";
import { after } from "@/lib/api/positions";

type Props = {
  label: string;
  value: string | null;
  onChange: (personId: string | null, name: string | null) => void;
  /** People not to offer (already chosen). */
  exclude?: readonly string[];
  error?: string;
  description?: string;
  organisations?: boolean;
};

/**
 * Choose a person by typing the start of their name (or an exact email): the service
 * searches, so the picker never loads the whole client list.
 */
export function PersonPicker({ label, value, onChange, exclude = [], error, description, organisations = true }: Props) {
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null);
  const query = debounced.includes("@") ? { email: debounced.toLowerCase() } : { name: debounced || undefined };
  const people = useQuery({
    queryKey: ["people", "picker", query],
    queryFn: () => call(api.GET("/people", { params: { query: { ...query, limit: 20, after: after("scheduling") } } })),
    placeholderData: keepPreviousData,
    enabled: debounced.length > 0,
  });
  const options = (people.data?.items ?? [])
    .filter((p) => !exclude.includes(p.person_id) && (organisations || p.kind === "individual"))
    .map((p) => ({ value: p.person_id, label: p.display_name }));
  if (chosen && chosen.value === value && !options.some((o) => o.value === chosen.value)) options.unshift(chosen);

  return (
    <Select
      label={label}
      description={description}
      placeholder="Type the start of a name"
      searchable
      clearable
      data={options}
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={debounced ? (people.isFetching ? "Searching…" : "Nobody found") : "Type to search"}
      onChange={(id, option) => {
        setChosen(option ? { value: option.value, label: option.label } : null);
        onChange(id, option?.label ?? null);
      }}
      error={error}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
