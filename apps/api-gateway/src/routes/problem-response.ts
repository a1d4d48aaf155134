import { ApiResponse } from '@nestjs/swagger';

/** An RFC 9457 error answer in the OpenAPI document. */
export const ProblemResponse = (status: number, description: string) => ApiResponse({ status, description: `application/problem+json: ${description}` });
