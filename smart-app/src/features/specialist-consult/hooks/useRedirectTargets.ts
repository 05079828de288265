import { useEffect, useState } from 'react';
import type { Directory } from '../../../lib/api-contract.ts';
import { useProxyClient } from '../../../lib/useProxyClient.ts';

/** The specialties a consult can be redirected to; undefined until loaded (or when the directory cannot be read). */
export function useRedirectTargets(): Directory | undefined {
  const proxy = useProxyClient();
  const [directory, setDirectory] = useState<Directory | undefined>();
  useEffect(() => {
    let current = true;
    proxy.getSpecialistDirectory().then(
      (found) => current && setDirectory(found),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [proxy]);
  return directory;
}
