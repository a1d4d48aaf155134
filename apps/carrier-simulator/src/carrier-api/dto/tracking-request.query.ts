import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Min } from 'class-validator';

/** `GET /carriers/{code}/tracking?numbers=a,b&page=n` */
export class TrackingRequestQuery {
  /** comma-separated tracking numbers */
  @IsString()
  @Matches(/^[A-Za-z0-9-]{1,64}(,[A-Za-z0-9-]{1,64})*$/, { message: 'numbers must be comma-separated tracking numbers' })
  numbers!: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;
}
