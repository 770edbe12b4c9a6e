// The first screen after sign-in: the user's first work queue, or the command map for those without queues.
import { Navigate } from 'react-router';
import { useUser } from './auth';
import { queuesFor } from './queues/queues';

export function HomeRedirect() {
  const user = useUser();
  const queues = queuesFor(user.roles);
  if (!queues.length && user.roles.includes('petition')) return <Navigate to="/petitions" replace />;
  return <Navigate to={queues.length ? `/queues/${queues[0]}` : user.roles.includes('admin') ? '/search' : '/map'} replace />;
}
