/** The local services accept any credentials; these make the SDK's signer happy. */
export const localRegion = 'us-east-1';
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
