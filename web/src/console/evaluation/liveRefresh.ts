// Evaluation screens refresh shortly after live case events (GET /api/events via the console's EventSource); a burst of
// events (a bulk dispatch) becomes one refresh.
import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { onCaseEvent } from '../live';

export function useEvaluationLiveRefresh(delay = 1500, extraKeys: string[][] = []) {
  const qc = useQueryClient();
  const keys = JSON.stringify(extraKeys);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = onCaseEvent(() => {
      timer ??= setTimeout(() => {
        timer = undefined;
        void qc.invalidateQueries({ queryKey: ['evaluation'] });
        for (const k of JSON.parse(keys) as string[][]) void qc.invalidateQueries({ queryKey: k });
      }, delay);
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  }, [qc, delay, keys]);
}
