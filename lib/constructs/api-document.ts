import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { openApiText } from '../contract/openapi-document';

/** Where the stage publishes its own description, as the local cloud does. */
export const apiDocumentPath = '/openapi.json';

/**
 * `GET /openapi.json` on the stage: docs/openapi.json (as the code generates it), answered
 * by API Gateway itself (a mock integration), no function. The document travels base64 in
 * the mapping template so that Velocity reads none of its `$` and `#` as its own syntax.
 */
export class ApiDocument extends Construct {
  readonly method: apigateway.Method;

  constructor(scope: Construct, id: string, props: { readonly restApi: apigateway.RestApi }) {
    super(scope, id);
    const encoded = Buffer.from(openApiText(), 'utf8').toString('base64');
    const integration = new apigateway.MockIntegration({
      passthroughBehavior: apigateway.PassthroughBehavior.NEVER,
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
      integrationResponses: [
        {
          statusCode: '200',
          responseTemplates: { 'application/json': `$util.base64Decode("${encoded}")` },
          responseParameters: {
            'method.response.header.Cache-Control': "'public, max-age=300'",
          },
        },
      ],
    });
    this.method = props.restApi.root
      .resourceForPath(apiDocumentPath)
      .addMethod('GET', integration, {
        methodResponses: [
          {
            statusCode: '200',
            responseParameters: { 'method.response.header.Cache-Control': true },
          },
        ],
      });
    const reason = 'The API description is public, as the docs page of any public API is.';
    Validations.of(this.method).acknowledge(
      { id: 'AwsSolutions-APIG4', reason },
      { id: 'AwsSolutions-COG4', reason },
    );
  }
}
