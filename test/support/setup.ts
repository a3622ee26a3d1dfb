import { silenceSdkNodeVersionWarning } from '../../local/node-version-warning';

silenceSdkNodeVersionWarning();
