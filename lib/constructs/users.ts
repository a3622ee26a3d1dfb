import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { service } from '../description';
import type { CognitoPlan } from '../platform-flags';

/**
 * Who may write: a Cognito user pool (sign-in with an email address) and the
 * one app client the API's authorizer accepts ID tokens from.
 */
export interface UsersProps {
  /** Plus (threat protection, $0.02 per MAU) or Essentials ($0.015, none): docs/cost.md. */
  readonly plan: CognitoPlan;
}

export class Users extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: UsersProps) {
    super(scope, id);
    const plus = props.plan === 'plus';

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `${service.name}-users`,
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      // An address is one identity however it is typed.
      signInCaseSensitive: false,
      autoVerify: { email: true },
      // A changed address takes effect only once verified, so no one is locked out by a typo.
      keepOriginal: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        passwordHistorySize: 5,
        tempPasswordValidity: Duration.days(3),
      },
      // TOTP only: SMS would need an SNS role and a spend limit, for a weaker factor.
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      enableSmsRole: false,
      // Plus: threat protection that blocks compromised credentials and risky sign-ins.
      ...(plus
        ? {
            featurePlan: cognito.FeaturePlan.PLUS,
            standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
          }
        : { featurePlan: cognito.FeaturePlan.ESSENTIALS }),
      // Accounts are user data: they outlive the stack, like the posts table.
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    });

    if (!plus) {
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG3',
        reason:
          'Deployed with -c cognitoPlan=essentials: threat protection is a Plus feature, given up ' +
          'deliberately for its price per monthly active user (docs/cost.md).',
      });
    }
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason: plus
        ? 'MFA is optional so that anyone can sign up to post; users may add TOTP, and Plus-tier ' +
          'threat protection (ENFORCED) blocks or challenges risky and compromised-credential sign-ins.'
        : 'MFA is optional so that anyone can sign up to post; users may add TOTP. With ' +
          '-c cognitoPlan=essentials there is no threat protection behind it (docs/cost.md).',
    });

    // Operators read the detailed health report (GET /health/details); membership is
    // granted by an administrator (admin-add-user-to-group), never by sign-up.
    new cognito.CfnUserPoolGroup(this, 'Operators', {
      userPoolId: this.userPool.userPoolId,
      groupName: service.auth.operatorGroup,
      description: 'May read the detailed health report (GET /health/details)',
    });

    this.client = this.userPool.addClient('ApiClient', {
      userPoolClientName: `${service.name}-client`,
      // A public client (browsers, CLIs) cannot keep a secret.
      generateSecret: false,
      // SRP only: the password never leaves the client (USER_PASSWORD_AUTH would send it to
      // Cognito in the request); refresh tokens work with any flow.
      authFlows: { userSrp: true },
      // No hosted UI or OAuth redirect is set up; CDK would otherwise allow example.com callbacks.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.minutes(service.auth.idTokenValidityMinutes),
      accessTokenValidity: Duration.minutes(service.auth.idTokenValidityMinutes),
      refreshTokenValidity: Duration.days(service.auth.refreshTokenValidityDays),
    });
  }
}
