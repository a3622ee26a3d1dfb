import { localService, type LocalService } from '../service';
import { startSamplePartner, type SamplePartner } from './sample-partner';

/** The sample partner API on loopback (when no real partner URL is given). */
export function partnerService(options: { readonly port: number }): LocalService<SamplePartner> {
  return localService('partner', () => startSamplePartner({ port: options.port }));
}
