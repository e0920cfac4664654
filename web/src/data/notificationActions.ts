// Mark read / mark all read, kept apart from the bell's module so the first
// page load does not carry the mutation machinery (the notifications page does).

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type AppError, toAppError } from "../lib/refusals.ts";
import { useSession } from "./auth.tsx";
import { useSupabase } from "./client.tsx";
import { queryKeys } from "./keys.ts";

/** Mark one notification read (id) or all of them (null). */
export function useMarkRead() {
  const client = useSupabase();
  const queryClient = useQueryClient();
  const { user } = useSession();
  return useMutation<void, AppError, number | null>({
    mutationFn: async (id) => {
      const { error } = id === null
        ? await client.rpc("mark_all_notifications_read")
        : await client.rpc("mark_notification_read", { notification_id: id });
      if (error) throw toAppError(error);
    },
    onSuccess: () => {
      if (!user) return;
      void queryClient.invalidateQueries({ queryKey: queryKeys.fans.notifications(user.id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.fans.unread(user.id) });
    },
  });
}
